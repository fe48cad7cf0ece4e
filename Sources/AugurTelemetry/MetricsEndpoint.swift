import NIOCore
import NIOHTTP1
import Prometheus

/// What the metrics server answers to one request: the routing, apart from the sockets.
struct MetricsEndpoint: Sendable {
    /// A response to write.
    struct Response {
        var status: HTTPResponseStatus
        var contentType: String
        var body: ByteBuffer
        var allow: String?
    }

    /// The Prometheus text exposition format's content type.
    static let expositionContentType = "text/plain; version=0.0.4; charset=utf-8"

    let registry: PrometheusCollectorRegistry
    let readiness: @Sendable () -> Bool

    /// The response to `method` on `uri`; the query string is ignored.
    func respond(method: HTTPMethod, uri: String) -> Response {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        let known = ["/metrics", "/healthz", "/readyz"]
        guard known.contains(path) else { return .text(.notFound, "not found\n") }
        guard method == .GET else {
            var response = Response.text(.methodNotAllowed, "method not allowed\n")
            response.allow = "GET"
            return response
        }
        switch path {
        case "/metrics":
            var body = ByteBuffer()
            body.writeBytes(registry.emitToBuffer())
            return Response(status: .ok, contentType: Self.expositionContentType, body: body)
        case "/healthz":
            return .text(.ok, "ok\n")
        default:
            return readiness() ? .text(.ok, "ready\n") : .text(.serviceUnavailable, "not ready\n")
        }
    }
}

extension MetricsEndpoint.Response {
    static func text(_ status: HTTPResponseStatus, _ text: String) -> Self {
        Self(status: status, contentType: "text/plain; charset=utf-8", body: ByteBuffer(string: text))
    }
}
