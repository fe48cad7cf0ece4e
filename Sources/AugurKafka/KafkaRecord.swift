import NIOCore

/// One Kafka header: a name and a value (Kafka allows a null value).
public struct KafkaHeader: Sendable, Equatable {
    /// The header's name.
    public var name: String
    /// The header's value; nil for a null value.
    public var value: ByteBuffer?

    /// Creates a header.
    public init(name: String, value: ByteBuffer?) {
        self.name = name
        self.value = value
    }

    /// Creates a header with a string value.
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: ByteBuffer(string: value))
    }
}

/// A message read from a topic partition, copied out of librdkafka's buffers.
public struct KafkaRecord: Sendable, Equatable {
    /// The topic it was read from.
    public var topic: String
    /// Its partition.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// Its timestamp (Unix ms; the producer's create time or the broker's append time); nil when it has none.
    public var timestampMilliseconds: Int64?
    /// The key; nil for a null key.
    public var key: ByteBuffer?
    /// The value; nil for a null value.
    public var value: ByteBuffer?
    /// The headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a record.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        timestampMilliseconds: Int64? = nil,
        key: ByteBuffer? = nil,
        value: ByteBuffer? = nil,
        headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestampMilliseconds = timestampMilliseconds
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header named `name`'s value (nil when absent or null).
    public func header(_ name: String) -> ByteBuffer? {
        headers.first { $0.name == name }?.value
    }
}

/// A message to produce.
public struct KafkaOutgoingMessage: Sendable, Equatable {
    /// The topic it goes to.
    public var topic: String
    /// The key; nil for a null key.
    public var key: ByteBuffer?
    /// The value; nil for a null value.
    public var value: ByteBuffer?
    /// The headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a message.
    public init(topic: String, key: ByteBuffer?, value: ByteBuffer?, headers: [KafkaHeader]) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header named `name`'s value (nil when absent or null).
    public func header(_ name: String) -> ByteBuffer? {
        headers.first { $0.name == name }?.value
    }
}

/// A topic partition and the offset of the next message to read from it (what a commit stores).
public struct KafkaPartitionOffset: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// The next offset to read: one past the last message that is done.
    public var offset: Int64

    /// Creates a partition offset.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
