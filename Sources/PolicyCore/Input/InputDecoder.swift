/// Turns parsed documents into a `PolicyInput`: form detection (api.md "Input forms"), envelope
/// rules, and assembly of a stream of manifests (with the Secret reduced at once).
enum InputDecoder {
    static let envelopeKeys = ["lokistack", "rulerConfig", "objectStorage", "cluster", "supplementary"]
    static let streamKinds = ["LokiStack", "RulerConfig", "Secret", "Service", "EndpointSlice", "NetworkPolicy", "List"]
    static let lokistackRequired =
        "required: send an envelope {lokistack, rulerConfig?, objectStorage?, cluster?}, a LokiStack manifest, "
        + "or a YAML stream of manifests with one LokiStack"

    /// Decodes the documents of one input. Throws `.invalid` issues (with every validation issue
    /// of what could be assembled) when the documents do not form a valid input shape.
    static func decode(_ documents: [JSONValue]) throws(InputError) -> PolicyInput {
        var log = IssueLog()
        let present = documents.enumerated().filter { !$0.element.isNull }
        let input: PolicyInput?
        if present.isEmpty {
            log.error(FieldPath("lokistack"), "the input is empty: \(lokistackRequired)")
            input = nil
        } else if present.count == 1, case .object(let object) = present[0].element, object["lokistack"] != nil {
            input = envelope(object, log: &log)
        } else if present.count == 1, case .object(let object) = present[0].element, object["kind"] == nil {
            log.error(FieldPath("lokistack"), lokistackRequired)
            input = nil
        } else {
            input = stream(present.map { ($0.offset, $0.element) }, log: &log)
        }
        guard log.hasErrors else {
            if let input { return input }
            throw InputError([FieldIssue(pointer: "/lokistack", message: lokistackRequired)], kind: .invalid)
        }
        // Report everything at once: the shape errors and what validation finds in the rest.
        var order = DocumentOrder(envelope: .null, sources: SourceOrder())
        if let input {
            log.merge(InputResolver.validate(input).log)
            order = DocumentOrder(envelope: input.envelope, sources: input.sourceOrder)
        }
        throw log.inputError(order: order)
    }

    /// The envelope form. Unknown top-level members and unknown `objectStorage` members are errors
    /// (and are not kept: nothing but the known facts may be stored).
    static func envelope(_ object: JSONObject, log: inout IssueLog) -> PolicyInput {
        for e in object.entries where !envelopeKeys.contains(e.key) {
            log.error(FieldPath(e.key), "unknown envelope member; the envelope has \(IssueLog.list(envelopeKeys))")
        }
        let lokistack = object["lokistack"] ?? .null
        if lokistack.isNull { log.error(FieldPath("lokistack"), lokistackRequired) }
        var storage = object["objectStorage"].flatMap { $0.isNull ? nil : $0 }
        if case .object(let section)? = storage {
            var kept = JSONObject()
            for e in section.entries {
                if ObjectStorageFacts.knownKeys.contains(e.key) {
                    kept[e.key] = e.value
                } else {
                    log.error(
                        FieldPath("objectStorage", e.key),
                        "unknown field (not stored); objectStorage has \(IssueLog.list(ObjectStorageFacts.knownKeys)): "
                            + "no credentials are needed")
                }
            }
            storage = .object(kept)
        }
        return PolicyInput(
            lokistack: lokistack,
            rulerConfig: object["rulerConfig"].flatMap { $0.isNull ? nil : $0 },
            objectStorage: storage,
            cluster: object["cluster"].flatMap { $0.isNull ? nil : $0 },
            supplementary: object["supplementary"].flatMap { $0.isNull ? nil : $0 },
            sourceOrder: SourceOrder.envelope(.object(object)))
    }

    /// A stream of manifests (or one bare manifest): at most one LokiStack, RulerConfig, Secret and
    /// Service, any number of EndpointSlices and supplementary NetworkPolicies (also as the items of
    /// a `List`, which may hold NetworkPolicies only).
    private static func stream(_ documents: [(index: Int, value: JSONValue)], log: inout IssueLog) -> PolicyInput? {
        var order = SourceOrder()
        var lokistack: JSONValue? = nil
        var rulerConfig: JSONValue? = nil
        var secret: (value: StorageSecret, document: Int)? = nil
        var service: JSONValue? = nil
        var slices: [JSONValue] = []
        var supplementary: [JSONValue] = []
        for (index, value) in documents {
            let n = index + 1
            guard case .object(let manifest) = value else {
                log.error(.root, "document \(n) must be a Kubernetes manifest (a map), not \(value.typeDescription)", document: index)
                continue
            }
            if manifest["lokistack"] != nil {
                log.error(.root, "document \(n) is an envelope: an envelope must be the only document", document: index)
                continue
            }
            guard case .string(let kind)? = manifest["kind"] else {
                log.error(.root, "document \(n) has no kind; a stream holds \(IssueLog.list(streamKinds)) manifests", document: index)
                continue
            }
            switch kind {
            case "LokiStack":
                if lokistack != nil {
                    log.error(FieldPath("lokistack"), "document \(n) is a second LokiStack; a stream holds at most one", document: index)
                } else {
                    lokistack = value
                    order.add(FieldPath("lokistack"), rank: index)
                }
            case "RulerConfig":
                if rulerConfig != nil {
                    log.error(FieldPath("rulerConfig"), "document \(n) is a second RulerConfig; a stream holds at most one", document: index)
                } else {
                    rulerConfig = value
                    order.add(FieldPath("rulerConfig"), rank: index)
                }
            case "Secret":
                if secret != nil {
                    log.error(FieldPath("objectStorage"), "document \(n) is a second Secret; a stream holds at most one", document: index)
                } else {
                    secret = (StorageSecret.reduce(manifest, document: index, log: &log), index)
                    order.add(FieldPath("objectStorage"), rank: index)
                }
            case "Service":
                if service != nil {
                    log.error(FieldPath("objectStorage", "service"), "document \(n) is a second Service; a stream holds at most one", document: index)
                } else {
                    service = value
                    order.add(FieldPath("objectStorage", "service"), rank: index)
                }
            case "EndpointSlice":
                order.add(FieldPath("objectStorage", "endpointSlices").index(slices.count), rank: index)
                slices.append(value)
            case "NetworkPolicy":
                order.add(FieldPath("supplementary").index(supplementary.count), rank: index)
                supplementary.append(value)
            case "List":
                guard case .array(let items)? = manifest["items"] else {
                    log.error(.root, "document \(n) is a List without items (a list of NetworkPolicies)", document: index)
                    continue
                }
                for item in items {
                    guard case .string("NetworkPolicy")? = item["kind"] else {
                        log.error(.root, "document \(n) is a List; a List may hold NetworkPolicies only", document: index)
                        break
                    }
                    order.add(FieldPath("supplementary").index(supplementary.count), rank: index)
                    supplementary.append(item)
                }
            default:
                log.error(
                    .root,
                    "document \(n) is a \(kind); a stream holds \(IssueLog.list(streamKinds)) manifests",
                    document: index)
            }
        }
        guard let lokistack else {
            log.error(FieldPath("lokistack"), "the stream has no LokiStack")
            return nil
        }
        var storage = JSONObject()
        if let secret {
            checkSecretName(secret.value.name, lokistack: lokistack, document: secret.document, log: &log)
            storage["endpoint"] = secret.value.endpoint.map { .string($0) }
            storage["authURL"] = secret.value.authURL.map { .string($0) }
        }
        storage["service"] = service
        if !slices.isEmpty { storage["endpointSlices"] = .array(slices) }
        return PolicyInput(
            lokistack: lokistack, rulerConfig: rulerConfig, objectStorage: storage.isEmpty ? nil : .object(storage),
            cluster: nil, supplementary: supplementary.isEmpty ? nil : .array(supplementary), sourceOrder: order)
    }

    /// The Secret must be the stack's storage Secret (§1.3).
    private static func checkSecretName(_ name: String?, lokistack: JSONValue, document: Int, log: inout IssueLog) {
        let path = FieldPath("objectStorage")
        guard let name else {
            log.error(path, "the Secret has no metadata.name; it must be the stack's storage Secret", document: document)
            return
        }
        guard case .string(let wanted)? = lokistack["spec"]?["storage"]?["secret"]?["name"] else {
            log.error(
                path, "a Secret is supplied, but the LokiStack names no storage Secret (spec.storage.secret.name)",
                document: document)
            return
        }
        if name != wanted {
            log.error(
                path,
                "the Secret is \(IssueLog.quoted(name)), but spec.storage.secret.name is \(IssueLog.quoted(wanted)): "
                    + "only the stack's storage Secret is read",
                document: document)
        }
    }
}
