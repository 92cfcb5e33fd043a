/// A closable multi-producer queue that connection threads block on.
final class JobQueue<Job: Sendable>: @unchecked Sendable {
    private let condition = ConditionLock()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false

    /// Enqueues `job`; `false` once the queue is closed (the job is not run).
    func submit(_ job: Job) -> Bool {
        condition.withLock {
            guard !closed else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }
    }

    /// Blocks until a job is available and returns it; `nil` once the queue is
    /// closed and drained.
    func next() -> Job? {
        condition.withLock {
            while head == jobs.count && !closed { condition.wait() }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    /// Blocks until at least one job is available and returns up to `limit` of
    /// them in submission order; empty once the queue is closed and drained.
    func drain(limit: Int) -> [Job] {
        condition.withLock {
            while head == jobs.count && !closed { condition.wait() }
            let end = min(jobs.count, head + max(1, limit))
            let batch = Array(jobs[head..<end])
            head = end
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return batch
        }
    }

    /// Jobs submitted and not yet taken.
    var count: Int {
        condition.withLock { jobs.count - head }
    }

    /// Refuses further jobs and wakes every waiting thread; queued jobs still run.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}
