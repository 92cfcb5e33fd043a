import HTTPServer
import PolicyCore
import PolicyStore

/// What the diff, plan and flow routes need from a stored revision: its typed policies and
/// the options its stored inputs resolve to (the §9 model of its flow matrix).
struct RevisionContent: Sendable {
    var options: RenderOptions
    var policies: [NetworkPolicy]
}

extension NetpolService {
    /// The typed policies of a stored revision; a decoding failure is a server fault (500).
    func storedPolicies(_ revision: StoredRevision) throws(ServiceError)
        -> [NetworkPolicy]
    {
        do throws(InputError) {
            return try knownPolicies.policies(revision.summary.digest, listJSON: revision.policiesJSON)
        } catch {
            throw .fault("stored policies of revision \(revision.summary.number) do not decode: \(error.issues)")
        }
    }

    /// Policies and resolved options of a stored revision; stored inputs that no longer
    /// resolve are a server fault (500).
    func revisionContent(_ revision: StoredRevision) throws(ServiceError)
        -> RevisionContent
    {
        let policies = try storedPolicies(revision)
        do throws(InputError) {
            let envelope = try JSONValue.parseJSON(revision.inputsJSON)
            let options = try PolicyInput(envelope: envelope).resolve()
            return RevisionContent(options: options, policies: policies)
        } catch {
            throw .fault("stored inputs of revision \(revision.summary.number) do not resolve: \(error.issues)")
        }
    }

    /// The change summary of a new revision against `previous`, the revision the store found
    /// current (``UpsertOutcome/summaryStale(_:)``), computed here, outside the store. Stored
    /// policies that do not decode (never expected) give a neutral summary rather than failing
    /// the write.
    func changeSummary(previous: PreviousRevision?, policies: [NetworkPolicy], stackName: String) -> String {
        guard let previous else { return PolicyDiff.changeSummary(from: nil, to: policies, stackName: stackName) }
        if previous.stackWasDeleted {
            return PolicyDiff.changeSummary(from: nil, to: policies, stackName: stackName, recreated: true)
        }
        guard let old = try? knownPolicies.policies(previous.digest, listJSON: previous.policiesJSON) else {
            return "policies changed"
        }
        return PolicyDiff.changeSummary(from: old, to: policies, stackName: stackName)
    }
}
