import HTTPServer
import PolicyCore

/// `POST /v1/render` and `POST /v1/flows`: stateless, nothing stored.
extension NetpolService {
    func addRenderRoutes(to routes: inout RouteTable) {
        routes.add(.post, "/v1/render", render)
        routes.add(.post, "/v1/flows", flows)
    }

    /// Input → policies: the §8 render result (JSON) or the kubectl YAML stream.
    func render(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.policies)
        if request.body.count > configuration.inlineBodyLimit { await NetpolService.leaveEventLoop() }
        let read = try InputReader.read(request, context, stack: nil)
        let result = PolicyGenerator.render(read.options)
        let body = type.isYAML ? PolicyEncoding.yaml(result.policies) : PolicyEncoding.renderResultJSON(result)
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("Vary", "Accept")]), body: body)
    }

    /// Input → flow matrix (§9.1 JSON, text tables or markdown tables).
    func flows(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.flows)
        if request.body.count > configuration.inlineBodyLimit { await NetpolService.leaveEventLoop() }
        let read = try InputReader.read(request, context, stack: nil)
        let result = PolicyGenerator.render(read.options)
        let matrix = FlowAnalysis.matrix(options: read.options, policies: result.policies)
        return NetpolService.flowsResponse(matrix, type: type)
    }

    /// A flow matrix in the negotiated representation.
    static func flowsResponse(_ matrix: FlowMatrix, type: MediaType) -> HTTPResponse {
        let body: [UInt8] =
            switch type {
            case .textPlain: Array(matrix.text().utf8)
            case .markdown: Array(matrix.markdown().utf8)
            default: matrix.json()
            }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("Vary", "Accept")]), body: body)
    }
}
