import Foundation

/// One dedicated thread that runs model loads and warm-ups in submission order, so that this slow,
/// blocking work never lands on prediction threads or on Swift's cooperative thread pool.
final class LoaderThread: @unchecked Sendable {
    /// A job receives `false` when it should run, `true` when the loader stopped before it could.
    typealias Job = @Sendable (_ cancelled: Bool) -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []  // guarded by `condition`
    private var stopping = false  // guarded by `condition`

    /// The name the thread carries (visible in debuggers and `Thread.current.name`); Linux keeps 15 bytes.
    let name: String

    init(name: String) {
        self.name = name
        let thread = Thread { [self] in
            // Set from inside: on Linux a name assigned before start() does not reach the OS thread.
            Thread.current.name = name
            self.loop()
        }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; if the loader has stopped, runs it at once as cancelled.
    func submit(_ job: @escaping Job) {
        condition.lock()
        if stopping {
            condition.unlock()
            job(true)
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after the running job; queued jobs are called as cancelled.
    func stop() {
        condition.lock()
        stopping = true
        let abandoned = jobs
        jobs.removeAll()
        condition.signal()
        condition.unlock()
        for job in abandoned { job(true) }
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job(false)
        }
    }
}
