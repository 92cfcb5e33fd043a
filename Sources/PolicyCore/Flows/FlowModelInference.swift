extension FlowModel {
    /// Why no model can be inferred from a set of rendered policies.
    public struct InferenceError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The model for rendered policies whose render options are unknown (a YAML stream
    /// or `List` given to `lokinetpol diff`), read from the policies themselves, so
    /// that every set passed in is evaluated over the same model:
    /// - stack namespace: the policies' `metadata.namespace` (all must agree);
    /// - stack name: their `app.kubernetes.io/instance` label (all that carry it must agree);
    /// - platform: openshift when any peer selects namespace `openshift-dns` (DNS_OCP), else kubernetes;
    /// - OBJSTORE_PORTS: the TCP ports of the peer-less egress rules of every
    ///   `*-loki-allow-bucket-egress` policy, in first-seen order (443 when there are none);
    /// - AM_PORTS: the TCP ports of the peer-less egress rules of every
    ///   `*-ruler-allow-alert-egress` policy, sorted;
    /// - OpenShift Alertmanager pods: where a `*-ruler-allow-alert-egress` rule selects
    ///   namespace `openshift-monitoring` / `openshift-user-workload-monitoring`.
    /// With no policies at all the model is that of stack `lokistack` in `default` on
    /// kubernetes (nothing is isolated, so it does not matter).
    public static func inferred(from policies: [NetworkPolicy]) throws(InferenceError) -> FlowModel {
        var namespace: String?
        var name: String?
        var openshift = false
        var objectStoragePorts: [Int] = []
        var alertmanagerPorts: Set<Int> = []
        var clusterMonitoring = false
        var userWorkload = false
        for policy in policies {
            if let known = namespace, known != policy.namespace {
                throw InferenceError(
                    description: "the policies are in more than one namespace (\(known), \(policy.namespace)): "
                        + "one stack's policies are expected")
            }
            namespace = policy.namespace
            if let instance = policy.labels["app.kubernetes.io/instance"] {
                if let known = name, known != instance {
                    throw InferenceError(
                        description: "the policies belong to more than one stack (\(known), \(instance)): "
                            + "one stack's policies are expected")
                }
                name = instance
            }
            let peers = policy.spec.egress.flatMap(\.to) + policy.spec.ingress.flatMap(\.from)
            if peers.contains(where: { $0.selectsNamespace("openshift-dns") }) { openshift = true }
            if policy.name.hasSuffix("-loki-allow-bucket-egress") {
                for port in peerlessEgressTCPPorts(policy) where !objectStoragePorts.contains(port) {
                    objectStoragePorts.append(port)
                }
            }
            if policy.name.hasSuffix("-ruler-allow-alert-egress") {
                alertmanagerPorts.formUnion(peerlessEgressTCPPorts(policy))
                let targets = policy.spec.egress.flatMap(\.to)
                if targets.contains(where: { $0.selectsNamespace("openshift-monitoring") }) { clusterMonitoring = true }
                if targets.contains(where: { $0.selectsNamespace("openshift-user-workload-monitoring") }) {
                    userWorkload = true
                }
            }
        }
        return FlowModel(
            name: name ?? "lokistack", namespace: namespace ?? "default", platform: openshift ? .openshift : .kubernetes,
            objectStoragePorts: objectStoragePorts.isEmpty ? [443] : objectStoragePorts,
            alertmanagerPorts: alertmanagerPorts.sorted(), clusterMonitoringAlertmanager: clusterMonitoring,
            userWorkloadAlertmanager: userWorkload)
    }

    private static func peerlessEgressTCPPorts(_ policy: NetworkPolicy) -> [Int] {
        policy.spec.egress.filter(\.to.isEmpty).flatMap(\.ports).compactMap { port in
            guard port.protocol == .tcp, case .number(let number)? = port.port else { return nil }
            return number
        }
    }
}

extension NetworkPolicyPeer {
    /// The peer's namespace selector names `namespace` by its `kubernetes.io/metadata.name` label.
    fileprivate func selectsNamespace(_ namespace: String) -> Bool {
        namespaceSelector?.matchLabels[ClusterPod.namespaceNameLabel] == namespace
    }
}
