import HTTPServer

/// The router being assembled: each route's handler goes in wrapped in the request pipeline.
struct RouteTable {
    var router = Router()
    let pipeline: RequestPipeline

    init(pipeline: RequestPipeline) {
        self.pipeline = pipeline
    }

    /// Registers `handler` for `method` on `pattern`, behind the pipeline; `inline` (when given)
    /// is tried first, on the event loop (see ``InlineAnswer``).
    mutating func add(
        _ method: HTTPMethod, _ pattern: String, inline: InlineAnswer? = nil, _ handler: @escaping RouteHandler
    ) {
        router.add(method, pattern, pipeline.endpoint(method, pattern, inline: inline, handler))
    }
}
