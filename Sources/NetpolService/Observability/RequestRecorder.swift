import HTTPServer

/// Records answered requests: the request metrics (when the server keeps them) and the access
/// log. A response answered on the event loop is recorded after it is written (its
/// ``ResponseEpilogue``), one answered by deferred work when the work ends.
final class RequestRecorder: Sendable {
    let accessLog: AccessLog
    let metrics: HTTPServerMetrics?

    init(accessLog: AccessLog, metrics: HTTPServerMetrics?) {
        self.accessLog = accessLog
        self.metrics = metrics
    }

    /// Counts `answered` in the metrics and writes its access line.
    func record(_ answered: AnsweredRequest) {
        if let metrics {
            if let series = answered.observation?.series {
                metrics.recordRequest(
                    method: answered.method, series: series, status: answered.status,
                    durationNanoseconds: answered.durationNanoseconds)
            } else {
                metrics.recordRequest(
                    method: answered.method, route: answered.context.route, status: answered.status,
                    durationNanoseconds: answered.durationNanoseconds)
            }
        }
        accessLog.record(answered)
    }

    /// `answered`'s recording, as the epilogue of its response.
    func epilogue(_ answered: AnsweredRequest) -> ResponseEpilogue {
        Epilogue(recorder: self, answered: answered)
    }

    private final class Epilogue: ResponseEpilogue, @unchecked Sendable {
        let recorder: RequestRecorder
        let answered: AnsweredRequest

        init(recorder: RequestRecorder, answered: AnsweredRequest) {
            self.recorder = recorder
            self.answered = answered
        }

        override func run() { recorder.record(answered) }
    }
}
