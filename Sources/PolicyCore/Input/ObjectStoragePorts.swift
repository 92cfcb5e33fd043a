/// OBJSTORE_PORTS (spec §5): endpoint ports by storage type, the default 443, proxy ports, unique.
enum ObjectStoragePorts {
    static let defaultPort = 443
    /// The Swift object service port (D6): 443 on Kubernetes, 13808 on OpenShift.
    static func swiftObjectPort(_ platform: Platform) -> Int {
        platform == .openshift ? 13808 : 443
    }

    static func resolve(
        storageType: StorageType?, platform: Platform, facts: ObjectStorageFacts, podPort: Int?, proxyPorts: [Int]
    ) -> [Int] {
        var ports: [Int] = []
        // Step 1.
        switch storageType {
        case .s3?:
            if let p = podPort ?? facts.endpoint?.url.storagePort { ports.append(p) }
        case .alibabacloud?:
            if let p = facts.endpoint?.url.storagePort { ports.append(p) }
        case .swift?:
            if let p = facts.authURL?.storagePort { ports.append(p) }
            ports.append(swiftObjectPort(platform))
        case .azure?, .gcs?, nil:
            break
        }
        // Step 3.
        if ports.isEmpty { ports.append(defaultPort) }
        // Steps 4 and 5.
        ports += proxyPorts
        var seen: Set<Int> = []
        return ports.filter { seen.insert($0).inserted }
    }
}
