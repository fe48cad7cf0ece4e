import AugurControl
import AugurModels
import Logging
import ServiceLifecycle

/// A daemon's `ControlListener` on the Kafka control topic, with the channel it owns.
struct KafkaControlListener: Sendable {
    let channel: KafkaControlChannel
    let listener: ControlListener

    /// Opens the control topic and replays it onto `host`, retrying (every second) while the broker cannot
    /// be reached; returns nil when shutdown began first. Throws `KafkaControlError` when the topic cannot
    /// serve (missing and not creatable, several partitions), and `KafkaError` when librdkafka refuses the
    /// settings.
    static func start(
        _ kafka: KafkaClientConfiguration,
        _ configuration: KafkaControlConfiguration,
        host: ModelHost,
        daemon: String,
        logger: Logger
    ) async throws -> KafkaControlListener? {
        var attempt = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var opened: KafkaControlChannel?
            do {
                let channel = try await KafkaControlChannel.open(
                    kafka: kafka,
                    topic: configuration.topic,
                    clientID: "\(daemon)-control",
                    createTopic: configuration.createTopic,
                    logger: logger
                )
                opened = channel
                let listener = ControlListener(
                    channel: channel,
                    host: host,
                    configuration: ControlConfiguration(
                        stream: configuration.topic,
                        daemonName: daemon,
                        reportInterval: configuration.reportInterval
                    ),
                    logger: logger
                )
                try await listener.replay()
                return KafkaControlListener(channel: channel, listener: listener)
            } catch {
                await opened?.close()
                guard Self.isRetriable(error) else { throw error }
                attempt += 1
                if attempt == 1 || attempt % 10 == 0 {
                    logger.warning(
                        "cannot read the control topic yet; retrying",
                        metadata: ["topic": "\(configuration.topic)", "attempt": "\(attempt)", "error": "\(error)"]
                    )
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return nil
    }

    /// Broker errors and a read that stalled pass when the broker comes back; the rest need the operator.
    private static func isRetriable(_ error: any Error) -> Bool {
        switch error {
        case KafkaError.broker: true
        case KafkaControlError.readStalled: true
        default: false
        }
    }

    /// Closes the channel.
    func close() async {
        await channel.close()
    }
}
