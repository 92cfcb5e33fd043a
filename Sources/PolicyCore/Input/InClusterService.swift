/// Spec §5.1: an S3 endpoint on an in-cluster Service reaches the Service's pods on their port,
/// which the supplied Service (and, for a named `targetPort`, its EndpointSlices) tells.
enum InClusterService {
    static let missingServiceWarning =
        "objectStorage.endpoint names a cluster Service; supply it to resolve the pod port"

    /// §5.1 step 6 (D12): a numeric targetPort that no supplied EndpointSlice port equals.
    static func unlistedTargetPortWarning(_ port: Int) -> String {
        "no supplied EndpointSlice lists port \(port); using the Service's targetPort"
    }

    /// `<service>.<namespace>.…` when `host` contains `.svc` and has at least three labels.
    static func serviceName(of url: EndpointURL) -> (name: String, namespace: String)? {
        guard !url.bracketed, url.host.utf8.count >= 4,
            url.host.utf8.indices.contains(where: { url.host.utf8[$0...].starts(with: ".svc".utf8) })
        else { return nil }
        let labels = url.host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 3 else { return nil }
        return (String(labels[0]), String(labels[1]))
    }

    /// The pod port for the endpoint, checking a supplied Service whatever the storage type
    /// (step 7); logs step 3's warning for `s3` without a Service. Nil when §5.1 does not apply.
    static func podPort(_ facts: ObjectStorageFacts, storageType: StorageType?, log: inout IssueLog) -> Int? {
        guard !facts.serviceInvalid else { return nil }
        func servicePath() -> FieldPath { ObjectStorageFacts.base.key("service") }
        let target = facts.endpoint.flatMap { e in serviceName(of: e.url).map { (e, $0) } }
        guard let service = facts.service else {
            if storageType == .s3, target != nil {
                log.warn(ObjectStorageFacts.base.key("endpoint"), missingServiceWarning)
            }
            return nil
        }
        guard let (endpoint, owner) = target else {
            // An invalid endpoint already has its own error.
            if !facts.endpointInvalid {
                log.error(
                    servicePath(),
                    "a Service is supplied, but objectStorage.endpoint does not name a cluster Service "
                        + "(<service>.<namespace>.svc)")
            }
            return nil
        }
        // Step 4.
        guard service.name == owner.name, service.namespace == owner.namespace else {
            log.error(
                servicePath(),
                "the Service is \(service.name) in namespace \(service.namespace), but objectStorage.endpoint "
                    + "names \(owner.name) in namespace \(owner.namespace)")
            return nil
        }
        // Step 2: the wanted port.
        let wanted =
            endpoint.url.explicitPort ?? (endpoint.text.lowercased().hasPrefix("https://") ? 443 : 80)
        // Step 5.
        if let explicit = endpoint.url.explicitPort, facts.slicePorts.contains(where: { $0.port == explicit }) {
            return explicit
        }
        // Step 6.
        guard let servicePort = service.ports.first(where: { $0.port == wanted }) else {
            log.error(
                servicePath(),
                "cannot resolve the pod port: Service \(service.name) has no port \(wanted) "
                    + "(the port objectStorage.endpoint uses)")
            return nil
        }
        switch servicePort.target {
        case .number(let n):
            // D12: the Service forwards to its targetPort whatever the slices say now.
            if facts.slicesSupplied, !facts.slicePorts.contains(where: { $0.port == n }) {
                log.warn(servicePath(), unlistedTargetPortWarning(n))
            }
            return n
        case .name(let name):
            guard let slicePort = facts.slicePorts.first(where: { $0.name == name }) else {
                log.error(
                    servicePath(),
                    "cannot resolve the pod port: Service port \(wanted) targets the port named \(IssueLog.quoted(name)), "
                        + "and no supplied EndpointSlice (objectStorage.endpointSlices) has a port of that name")
                return nil
            }
            return slicePort.port
        }
    }
}
