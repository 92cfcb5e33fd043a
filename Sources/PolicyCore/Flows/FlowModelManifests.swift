extension FlowModel {
    /// The model's namespaces and pods as a Kubernetes `List` in JSON (keys sorted), for
    /// other analyzers (`nca --pod_list … --ns_list …`) or a test cluster. Outside
    /// addresses are not Kubernetes objects and are not part of it.
    public func manifestsJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 8192)
        writer.raw("{\"apiVersion\":\"v1\",\"items\":[")
        var namespaces: [(name: String, labels: LabelMap)] = []
        for pod in pods where !namespaces.contains(where: { $0.name == pod.namespace }) {
            namespaces.append((pod.namespace, pod.namespaceLabels))
        }
        var first = true
        for namespace in namespaces {
            if !first { writer.raw(",\n") }
            first = false
            writer.raw("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"labels\":")
            FlowModel.writeMap(namespace.labels, to: &writer)
            writer.raw(",\"name\":")
            writer.string(namespace.name)
            writer.raw("}}")
        }
        for pod in pods {
            if !first { writer.raw(",\n") }
            first = false
            writer.raw("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"labels\":")
            FlowModel.writeMap(pod.labels, to: &writer)
            writer.raw(",\"name\":")
            writer.string(pod.name)
            writer.raw(",\"namespace\":")
            writer.string(pod.namespace)
            writer.raw("},\"spec\":{\"containers\":[{\"image\":\"registry.invalid/model:1\",\"name\":\"main\",\"ports\":[")
            for (i, port) in pod.ports.enumerated() {
                if i > 0 { writer.raw(",") }
                writer.raw("{\"containerPort\":")
                writer.int(port.port)
                if let name = port.name {
                    writer.raw(",\"name\":")
                    writer.string(name)
                }
                writer.raw(",\"protocol\":")
                writer.string(port.protocol.rawValue)
                writer.raw("}")
            }
            writer.raw("]}]}}")
        }
        writer.raw("],\"kind\":\"List\"}\n")
        return writer.finish()
    }

    private static func writeMap(_ map: LabelMap, to writer: inout JSONWriter) {
        writer.raw("{")
        for (i, entry) in map.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.key(entry.key)
            writer.string(entry.value)
        }
        writer.raw("}")
    }
}
