import CRdKafka
import NIOConcurrencyHelpers

/// An `rd_kafka_t` and the callbacks object its opaque points to; destroying the handle releases both.
///
/// `@unchecked Sendable` because librdkafka documents `rd_kafka_t` as thread-safe; the one exception,
/// polling a consumer, is confined by the owners to their dedicated polling thread.
final class RdKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let callbacks: KafkaClientCallbacks
    private let destroyed = NIOLockedValueBox(false)

    /// Creates a client of `type` from `settings` (in order; later ones win).
    init(
        type: rd_kafka_type_t,
        settings: [KafkaOption],
        callbacks: KafkaClientCallbacks,
        deliveryReports: Bool = false
    ) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else { throw .clientCreation("rd_kafka_conf_new returned nothing") }
        var error = [CChar](repeating: 0, count: 512)
        for setting in settings {
            if rd_kafka_conf_set(conf, setting.key, setting.value, &error, error.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw .configuration(key: setting.key, message: String(errorBuffer: error))
            }
        }
        callbacks.install(on: conf, consumer: type == RD_KAFKA_CONSUMER)
        if deliveryReports { rd_kafka_conf_set_dr_msg_cb(conf, DeliveryTicket.callback) }
        // On success rd_kafka_new owns conf; on failure the caller still does.
        guard let pointer = rd_kafka_new(type, conf, &error, error.count) else {
            rd_kafka_conf_destroy(conf)
            throw .clientCreation(String(errorBuffer: error))
        }
        self.pointer = pointer
        self.callbacks = callbacks
    }

    /// Destroys the client now, blocking until librdkafka's threads have stopped; the owner must not use
    /// `pointer` afterwards. A process must not exit while a client is being destroyed (librdkafka's threads
    /// then crash), so owners destroy explicitly at the end of their run instead of leaving it to whichever
    /// thread happens to release the last reference.
    func destroy() {
        let first = destroyed.withLockedValue { destroyed in
            defer { destroyed = true }
            return !destroyed
        }
        if first { rd_kafka_destroy(pointer) }
    }

    deinit {
        destroy()
    }
}

extension String {
    /// The text of a C error buffer librdkafka filled, up to its NUL.
    init(errorBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
