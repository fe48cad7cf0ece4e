import CRdKafka
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// An idempotent producer (no duplicates or reordering from its own retries) whose `send` returns once
/// librdkafka reported every message delivered or failed. Delivery reports are served by `rd_kafka_poll`
/// on a thread of the producer's own, never on the Swift concurrency pool.
final class KafkaProducerClient: Sendable {
    /// The librdkafka client; also serves admin requests (topic metadata, creation) of its owner.
    let handle: RdKafkaHandle
    private let poller: NIOThreadPool
    private let stopped = NIOLockedValueBox(false)

    /// Augur's producer defaults; `KafkaClientConfiguration.options` come after them and win.
    static func settings(configuration: KafkaClientConfiguration, clientID: String) -> [KafkaOption] {
        [
            KafkaOption(key: "bootstrap.servers", value: configuration.bootstrapServers.joined(separator: ",")),
            KafkaOption(key: "client.id", value: clientID),
            KafkaOption(key: "enable.idempotence", value: "true"),
            // Results are small and latency matters more than batching efficiency.
            KafkaOption(key: "linger.ms", value: "1"),
        ] + configuration.options
    }

    init(settings: [KafkaOption], callbacks: KafkaClientCallbacks) throws(KafkaError) {
        handle = try RdKafkaHandle(
            type: RD_KAFKA_PRODUCER,
            settings: settings,
            callbacks: callbacks,
            deliveryReports: true
        )
        poller = NIOThreadPool(numberOfThreads: 1)
        poller.start()
        let handle = self.handle
        let stopped = self.stopped
        poller.submit { state in
            guard case .active = state else { return }
            while !stopped.withLockedValue({ $0 }) { rd_kafka_poll(handle.pointer, 100) }
        }
    }

    /// The first fatal error librdkafka raised (the idempotent producer cannot go on after one), if any.
    var fatalError: String? { handle.callbacks.fatalError }

    /// Produces `messages` and returns, in the same order, nil for each one delivered or the error that failed
    /// it. When librdkafka's queue is full it waits (10 ms steps) for deliveries to make room.
    func send(_ messages: [KafkaOutgoingMessage]) async -> [KafkaError?] {
        guard !messages.isEmpty else { return [] }
        let batch = DeliveryBatch(count: messages.count)
        for (index, message) in messages.enumerated() {
            while true {
                let ticket = Unmanaged.passRetained(DeliveryTicket(batch: batch, index: index))
                guard let error = produce(message, opaque: ticket.toOpaque()) else { break }
                ticket.release()
                if case .broker(_, let code, _, _) = error, code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                    try? await Task.sleep(for: .milliseconds(10))
                    continue
                }
                batch.complete(index, error: error)
                break
            }
        }
        return await batch.outcomes()
    }

    /// Waits up to `timeoutMilliseconds` for queued messages to be delivered, then stops the polling thread.
    /// Blocks: call it from a thread that may block (or accept the stall at shutdown).
    func shutdown(timeoutMilliseconds: Int32) async {
        let handle = self.handle
        // A future, not the async `runIfActive`, which skips its work when the calling task is cancelled.
        let pending = try? await NIOThreadPool.singleton.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            _ = rd_kafka_flush(handle.pointer, timeoutMilliseconds)
            return rd_kafka_outq_len(handle.pointer)
        }.get()
        if let pending, pending > 0 {
            handle.callbacks.logger.warning("results still undelivered at shutdown", metadata: ["messages": "\(pending)"])
        }
        stopped.withLockedValue { $0 = true }
        try? await poller.shutdownGracefully()
    }

    /// Destroys the librdkafka client (after `shutdown`), blocking until its threads stop; nothing may use
    /// this producer afterwards.
    func destroy() {
        handle.destroy()
    }

    /// One `rd_kafka_produceva` call; librdkafka copies key and value. Nil on success.
    private func produce(_ message: KafkaOutgoingMessage, opaque: UnsafeMutableRawPointer) -> KafkaError? {
        let headers = rd_kafka_headers_new(message.headers.count)
        for header in message.headers {
            Self.withBytes(header.value) { value in
                _ = rd_kafka_header_add(headers, header.name, -1, value?.baseAddress, value?.count ?? 0)
            }
        }
        let error: OpaquePointer? = message.topic.withCString { topic in
            Self.withBytes(message.key) { key in
                Self.withBytes(message.value) { value in
                    var values: [rd_kafka_vu_t] = []
                    var v = rd_kafka_vu_t()
                    v.vtype = RD_KAFKA_VTYPE_TOPIC
                    v.u.cstr = topic
                    values.append(v)
                    if let key {
                        v = rd_kafka_vu_t()
                        v.vtype = RD_KAFKA_VTYPE_KEY
                        v.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                        v.u.mem.size = key.count
                        values.append(v)
                    }
                    if let value {
                        v = rd_kafka_vu_t()
                        v.vtype = RD_KAFKA_VTYPE_VALUE
                        v.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                        v.u.mem.size = value.count
                        values.append(v)
                    }
                    v = rd_kafka_vu_t()
                    v.vtype = RD_KAFKA_VTYPE_HEADERS
                    v.u.headers = headers
                    values.append(v)
                    v = rd_kafka_vu_t()
                    v.vtype = RD_KAFKA_VTYPE_OPAQUE
                    v.u.ptr = opaque
                    values.append(v)
                    v = rd_kafka_vu_t()
                    v.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    v.u.i = RD_KAFKA_MSG_F_COPY
                    values.append(v)
                    return rd_kafka_produceva(handle.pointer, values, values.count)
                }
            }
        }
        guard let error else { return nil }
        // librdkafka owns the headers only when the message was accepted.
        rd_kafka_headers_destroy(headers)
        return KafkaError(operation: "producing to \(message.topic)", consuming: error)
    }

    private static func withBytes<R>(_ buffer: ByteBuffer?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let buffer else { return body(nil) }
        return buffer.withUnsafeReadableBytes { body($0) }
    }
}

/// The delivery reports of one `send`: how many are outstanding and what each one said.
final class DeliveryBatch: Sendable {
    private struct State {
        var outcomes: [KafkaError?]
        var remaining: Int
        var waiter: CheckedContinuation<[KafkaError?], Never>?
    }

    private let state: NIOLockedValueBox<State>

    init(count: Int) {
        state = NIOLockedValueBox(State(outcomes: Array(repeating: nil, count: count), remaining: count))
    }

    /// Records message `index`'s outcome; the last one resumes the waiter.
    func complete(_ index: Int, error: KafkaError?) {
        let resume: (CheckedContinuation<[KafkaError?], Never>, [KafkaError?])? = state.withLockedValue { state in
            state.outcomes[index] = error
            state.remaining -= 1
            guard state.remaining == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.outcomes)
        }
        if let (waiter, outcomes) = resume { waiter.resume(returning: outcomes) }
    }

    /// Every message's outcome, once all are reported.
    func outcomes() async -> [KafkaError?] {
        await withCheckedContinuation { continuation in
            let done: [KafkaError?]? = state.withLockedValue { state in
                if state.remaining == 0 { return state.outcomes }
                state.waiter = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}

/// One message's link back to its batch, passed through librdkafka as the message opaque (retained once).
final class DeliveryTicket: Sendable {
    let batch: DeliveryBatch
    let index: Int

    init(batch: DeliveryBatch, index: Int) {
        self.batch = batch
        self.index = index
    }

    /// The delivery report callback librdkafka calls on the polling thread for every message.
    static let callback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _,
        message,
        _ in
        guard let message, let opaque = message.pointee._private else { return }
        let ticket = Unmanaged<DeliveryTicket>.fromOpaque(opaque).takeRetainedValue()
        let code = message.pointee.err
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        ticket.batch.complete(
            ticket.index,
            error: code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(operation: "delivering to \(topic)", code: code)
        )
    }
}
