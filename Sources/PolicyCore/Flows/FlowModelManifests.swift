extension FlowModel {
    /// The model's namespaces and pods as a Kubernetes `List` in JSON (keys sorted), for
    /// other analyzers (`nca --pod_list … --ns_list …`) or a test cluster. Outside
    /// addresses are not Kubernetes objects and are not part of it.
    public func manifestsJSON() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        out.append(contentsOf: #"{"apiVersion":"v1","items":["#.utf8)
        var namespaces: [(name: String, labels: LabelMap)] = []
        for pod in pods where !namespaces.contains(where: { $0.name == pod.namespace }) {
            namespaces.append((pod.namespace, pod.namespaceLabels))
        }
        var first = true
        func separator() {
            if !first { out.append(contentsOf: ",\n".utf8) }
            first = false
        }
        for namespace in namespaces {
            separator()
            out.append(contentsOf: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":"#.utf8)
            FlowModel.appendMap(namespace.labels, to: &out)
            out.append(contentsOf: #","name":"#.utf8)
            JSONText.appendString(namespace.name, to: &out)
            out.append(contentsOf: "}}".utf8)
        }
        for pod in pods {
            separator()
            out.append(contentsOf: #"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":"#.utf8)
            FlowModel.appendMap(pod.labels, to: &out)
            out.append(contentsOf: #","name":"#.utf8)
            JSONText.appendString(pod.name, to: &out)
            out.append(contentsOf: #","namespace":"#.utf8)
            JSONText.appendString(pod.namespace, to: &out)
            out.append(contentsOf: #"},"spec":{"containers":[{"image":"registry.invalid/model:1","name":"main","ports":["#.utf8)
            for (i, port) in pod.ports.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"containerPort":"#.utf8)
                out.append(contentsOf: String(port.port).utf8)
                if let name = port.name {
                    out.append(contentsOf: #","name":"#.utf8)
                    JSONText.appendString(name, to: &out)
                }
                out.append(contentsOf: #","protocol":"#.utf8)
                JSONText.appendString(port.protocol.rawValue, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}]}}".utf8)
        }
        out.append(contentsOf: "],\"kind\":\"List\"}\n".utf8)
        return out
    }

    private static func appendMap(_ map: LabelMap, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, entry) in map.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(entry.key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.appendString(entry.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
