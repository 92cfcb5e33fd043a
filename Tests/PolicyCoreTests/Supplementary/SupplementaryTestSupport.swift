import XCTest

@testable import PolicyCore

/// Inputs with supplementary policies for the issue 12 tests.
enum SupplementaryTestSupport {
    /// The documentation's example (loki-network-policies.md, "Integration with External Systems").
    static let documentationExample: JSONValue = [
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": ["name": "custom-dashboard-access"],
        "spec": [
            "podSelector": [
                "matchLabels": [
                    "app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "lokistack-dev",
                    "app.kubernetes.io/component": "ruler",
                ]
            ],
            "policyTypes": ["Egress"],
            "egress": [
                [
                    "to": [
                        ["namespaceSelector": ["matchLabels": ["name": "monitoring"]]],
                        ["podSelector": ["matchLabels": ["app": "custom-alertmanager"]]],
                    ],
                    "ports": [["protocol": "TCP", "port": 3100]],
                ]
            ],
        ],
    ]

    /// A well-formed policy named `name` selecting the stack's ruler (`stack` is the stack name)
    /// and allowing it to reach `app=custom-alertmanager` pods of `monitoring` on 9093.
    static func policy(_ name: String, stack: String = "lokistack-dev", namespace: String? = nil) -> JSONValue {
        var metadata = JSONObject()
        metadata["name"] = .string(name)
        if let namespace { metadata["namespace"] = .string(namespace) }
        return [
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": .object(metadata),
            "spec": [
                "podSelector": [
                    "matchLabels": [
                        "app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": .string(stack),
                        "app.kubernetes.io/component": "ruler",
                    ]
                ],
                "policyTypes": ["Egress"],
                "egress": [
                    [
                        "to": [
                            [
                                "namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "monitoring"]],
                                "podSelector": ["matchLabels": ["app": "custom-alertmanager"]],
                            ]
                        ],
                        "ports": [["protocol": "TCP", "port": 9093]],
                    ]
                ],
            ],
        ]
    }

    /// An enabled kubernetes stack `lokistack-dev` in `logging` with the given supplementary list.
    static func input(_ supplementary: [JSONValue]?, enabled: Bool = true) -> PolicyInput {
        PolicyInput(
            lokistack: [
                "apiVersion": "loki.grafana.com/v1", "kind": "LokiStack",
                "metadata": ["name": "lokistack-dev", "namespace": "logging"],
                "spec": [
                    "size": "1x.small", "storage": ["secret": ["name": "storage", "type": "s3"]],
                    "networkPolicies": ["disabled": .bool(!enabled)],
                ],
            ],
            supplementary: supplementary.map { .array($0) })
    }

    static func resolve(_ input: PolicyInput) -> Result<RenderOptions, InputError> {
        InputTestSupport.resolve(input)
    }
}
