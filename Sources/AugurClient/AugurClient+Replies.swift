import AugurRESP
import AugurRedisClient
import Logging
import NIOCore

extension AugurClient {
    /// Reads the reply stream until cancelled and hands each result to its waiter.
    func readReplies() async {
        let stream = configuration.replyStream
        // The stream is this client's own, so everything on it is for this client's requests.
        var after = StreamID.zero
        var failures = 0
        while !Task.isCancelled {
            do {
                let batches = try await reader.xread(
                    streams: [(stream, after.description)],
                    count: configuration.readCount,
                    block: configuration.readBlock
                )
                failures = 0
                var results: [(sequence: UInt64?, reply: PredictionReply)] = []
                for batch in batches {
                    results.reserveCapacity(results.count + batch.messages.count)
                    for message in batch.messages {
                        after = message.id
                        results.append((message["id"].flatMap(ids.sequence(of:)), PredictionReply(message: message)))
                    }
                }
                if !results.isEmpty {
                    pending.deliver(results)
                    lastRead.withLockedValue { $0 = after }
                }
            } catch {
                failures += 1
                // Sleeping first: when run() is cancelled the reader's connection may close before this task
                // sees the cancellation, and that is no failure worth reporting.
                guard (try? await Task.sleep(for: .milliseconds(min(1000, 20 * failures)))) != nil else { break }
                if failures == 1 || failures.isMultiple(of: 50) {
                    logger.warning(
                        "reading results failed; retrying",
                        metadata: ["stream": "\(stream)", "error": "\(error)", "attempt": "\(failures)"]
                    )
                }
            }
        }
    }

    /// Fails requests past their timeout, a few times per timeout, until cancelled.
    func sweepTimeouts() async {
        let interval = min(max(configuration.timeout / 20, .milliseconds(1)), .milliseconds(100))
        while (try? await Task.sleep(for: interval)) != nil {
            pending.sweepTimeouts()
        }
    }

    /// Removes results already read from the reply stream, batched every `trimInterval`, until cancelled.
    func trimReplies() async {
        var trimmed: StreamID?
        while (try? await Task.sleep(for: configuration.trimInterval)) != nil {
            guard let last = lastRead.withLockedValue({ $0 }), last != trimmed else { continue }
            // MINID drops entries below the threshold, so the threshold is just past the last one read.
            let threshold = StreamID(milliseconds: last.milliseconds, sequence: last.sequence &+ 1)
            do {
                _ = try await sender.send(
                    RESPCommand(arguments: [
                        ByteBuffer(string: "XTRIM"), ByteBuffer(string: configuration.replyStream),
                        ByteBuffer(string: "MINID"), threshold.bytes,
                    ])
                )
                trimmed = last
            } catch {
                logger.debug("trimming the reply stream failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Deletes the reply stream over a connection of its own (the client's own have closed by now).
    func deleteReplyStream() async {
        let connection: RedisConnection
        do {
            connection = try await RedisConnection.connect(configuration: configuration.connection)
        } catch {
            // The broker is gone; the failed requests have said so already.
            logger.debug("could not connect to delete the reply stream", metadata: ["error": "\(error)"])
            return
        }
        defer { connection.abort() }
        do {
            _ = try await connection.send(
                RESPCommand(arguments: [ByteBuffer(string: "DEL"), ByteBuffer(string: configuration.replyStream)])
            )
        } catch {
            logger.warning(
                "could not delete the reply stream; delete it with DEL",
                metadata: ["stream": "\(configuration.replyStream)", "error": "\(error)"]
            )
        }
    }
}
