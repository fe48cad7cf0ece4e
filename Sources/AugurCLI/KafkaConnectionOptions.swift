import ArgumentParser

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// How a command reaches Kafka (`--kafka`, `--kafka-option`): shared by `augur serve`, `augur model`,
/// `augur predict` and `augur load`. The flags exist in every build so that a binary built without librdkafka
/// says so (`AUGUR_KAFKA` is defined by Package.swift when the Kafka transport is built; `canImport` would also
/// see a stale module left in .build by an earlier build with it).
struct KafkaConnectionOptions: ParsableArguments {
    @Option(name: .customLong("kafka"), help: "Use Kafka instead of the Redis-protocol broker: HOST:PORT[,HOST:PORT…].")
    var brokers: String?

    @Option(name: .customLong("kafka-option"), help: "A librdkafka setting key=value (repeatable), e.g. security.protocol=SASL_SSL.")
    var options: [String] = []

    func validate() throws {
        guard let brokers else {
            if !options.isEmpty { throw ValidationError("--kafka-option needs --kafka HOST:PORT") }
            return
        }
        #if AUGUR_KAFKA
            let servers = brokers.split(separator: ",").map(String.init)
            guard !servers.isEmpty, servers.allSatisfy({ $0.split(separator: ":").count == 2 && Int($0.split(separator: ":")[1]) != nil })
            else {
                throw ValidationError("--kafka must be HOST:PORT[,HOST:PORT…], not \(brokers)")
            }
            for option in options where KafkaOption(parsing: option) == nil {
                throw ValidationError("--kafka-option must be key=value, not \(option)")
            }
        #else
            throw ValidationError(
                "this augur was built without the Kafka transport: install librdkafka's headers (apt-get install librdkafka-dev) and rebuild, or set AUGUR_KAFKA=1 to insist"
            )
        #endif
    }

    #if AUGUR_KAFKA
        /// The client configuration for `--kafka` and `--kafka-option`; nil without `--kafka`.
        var configuration: KafkaClientConfiguration? {
            brokers.map {
                KafkaClientConfiguration(
                    bootstrapServers: $0.split(separator: ",").map(String.init),
                    options: options.compactMap(KafkaOption.init(parsing:))
                )
            }
        }
    #endif
}
