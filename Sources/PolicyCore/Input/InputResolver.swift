/// Validates a `PolicyInput` and resolves it to `RenderOptions` (spec §1, §2, §5, §6).
///
/// Every part is validated whatever the configuration uses (§1.1: an invalid Alertmanager
/// endpoint is an error with the ruler off), and all errors are reported together.
enum InputResolver {
    struct Outcome {
        var options: RenderOptions?
        var log: IssueLog
    }

    static func resolve(_ input: PolicyInput) throws(InputError) -> RenderOptions {
        let outcome = validate(input)
        guard let options = outcome.options, !outcome.log.hasErrors else {
            throw outcome.log.inputError(order: DocumentOrder(envelope: input.envelope, sources: input.sourceOrder))
        }
        guard !outcome.log.warnings.isEmpty else { return options }
        var ordered = options
        ordered.warnings = IssueLog.ordered(
            outcome.log.warnings, by: DocumentOrder(envelope: input.envelope, sources: input.sourceOrder))
        return ordered
    }

    /// Runs every check; `options` is nil when there are errors.
    static func validate(_ input: PolicyInput) -> Outcome {
        var log = IssueLog()
        for path in input.droppedCredentials { log.warn(path, CredentialScrub.droppedMessage) }
        for path in input.userInfoPastAuthority { log.warn(path, CredentialScrub.userInfoPastAuthorityMessage) }
        if input.lokistack.isNull { log.error(FieldPath("lokistack"), InputDecoder.lokistackRequired) }
        let input = input.checksListLimits ? ListLimits.bounded(input, log: &log) : input
        let stack = LokiStackFields.read(input.lokistack, log: &log)
        let alertmanagerPorts = AlertmanagerPorts.read(input.rulerConfig, log: &log)
        let storage = ObjectStorageFacts.read(input.objectStorage, log: &log)
        let cluster = ClusterContext.read(input.cluster, log: &log)
        let supplementary = SupplementaryPolicies.read(
            input.supplementary, stackName: stack.name, namespace: stack.namespace, log: &log)
        if let given = input.clusterAsGiven { _ = ClusterContext.read(given, log: &log) }
        let podPort = InClusterService.podPort(storage, storageType: stack.storageType, log: &log)
        let objectStoragePorts = ObjectStoragePorts.resolve(
            storageType: stack.storageType, platform: cluster.platform, facts: storage, podPort: podPort,
            proxyPorts: stack.proxyPorts)
        guard !log.hasErrors, let name = stack.name, let namespace = stack.namespace else {
            return Outcome(options: nil, log: log)
        }
        let options = RenderOptions(
            name: name, namespace: namespace, platform: cluster.platform,
            enablement: cluster.enablement(stack.networkPolicies), tenantsMode: stack.tenantsMode,
            gateway: cluster.gateway, serviceMonitors: cluster.serviceMonitors, rulerEnabled: stack.rulerEnabled,
            clusterMonitoringAlertmanager: cluster.clusterMonitoringApplies(stack.tenantsMode),
            userWorkloadAlertmanager: cluster.userWorkloadApplies(stack.tenantsMode),
            alertmanagerPorts: alertmanagerPorts, objectStoragePorts: objectStoragePorts,
            prometheus: cluster.prometheusPeer, warnings: [],
            supplementary: supplementary.map(\.policy).sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
        if !supplementary.isEmpty {
            let enabled = options.enablement.isEnabled
            SupplementaryLint.lint(
                supplementary, options: options, generated: enabled ? PolicyGenerator.generated(options) : [], log: &log)
            if !enabled {
                log.warn(
                    FieldPath("supplementary"),
                    "held back: policies are \(options.enablement.reason), and a supplementary policy alone would "
                        + "isolate the pods it selects; nothing is rendered")
            }
        }
        return Outcome(options: options, log: log)
    }
}
