import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 exchange over a fresh connection: enough to test the metrics server over a real socket.
struct HTTPTestResponse {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: String
}

func httpRequest(_ method: HTTPMethod = .GET, port: Int, path: String) async throws -> HTTPTestResponse {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                    wrappingChannelSynchronously: channel
                )
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1")
        headers.add(name: "Connection", value: "close")
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        try await outbound.write(contentsOf: [.head(head), .end(nil)])
        var response = HTTPTestResponse(status: .imATeapot, headers: HTTPHeaders(), body: "")
        for try await part in inbound {
            switch part {
            case .head(let responseHead):
                response.status = responseHead.status
                response.headers = responseHead.headers
            case .body(var bytes):
                response.body += bytes.readString(length: bytes.readableBytes) ?? ""
            case .end:
                return response
            }
        }
        return response
    }
}
