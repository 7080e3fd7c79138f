/// The names a request's `Host` header may give, so that a page on another site cannot reach this server
/// through DNS rebinding: the attacker's name resolves to 127.0.0.1, but the browser still sends that name.
///
/// By default the names of the address the server is bound to: for loopback, `localhost`, `127.0.0.1` and
/// `[::1]`; for one address, that address. Bound to every interface (`0.0.0.0`, `::`), the server is meant to
/// be reached under names it cannot know (a proxy's, a container's), so any name is allowed unless
/// `PENGUINS_HTTP_ALLOWED_HOSTS` lists them. A request with no Host header (HTTP/1.0) is allowed: every
/// browser sends one.
public struct AllowedHosts: Sendable {
    /// Lower-case names without a port; nil allows any.
    private let names: [[UInt8]]?

    /// Any Host header.
    public static let any = AllowedHosts(names: nil)

    private init(names: [[UInt8]]?) { self.names = names }

    /// `names` as `PENGUINS_HTTP_ALLOWED_HOSTS` gives them: host names or addresses, with or without a port,
    /// IPv6 addresses with or without brackets; `*` among them allows any.
    public init(_ names: [String]) {
        self.names = names.contains("*") ? nil : names.map { Self.normalized(Array($0.utf8)) }
    }

    /// The default for a server bound to `host`.
    public init(boundTo host: String) {
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        switch host {
        case "0.0.0.0", "::", "[::]", "": self = .any
        case _ where loopback: self = AllowedHosts(["localhost", "127.0.0.1", "::1", host])
        default: self = AllowedHosts([host])
        }
    }

    /// Whether a request with this authority (`Host` header) may be answered. Compares bytes in place, with no
    /// allocation, since every request pays for it.
    func allows(_ authority: String?) -> Bool {
        guard let names, var authority else { return true }
        return authority.withUTF8 { bytes in
            let host = Self.hostPart(bytes)
            return names.contains { name in
                name.count == host.count && zip(name, host).allSatisfy { $0 == Self.lowercased($1) }
            }
        }
    }

    /// `[::1]:8080` → `[::1]`, `Example.org.:80` → `Example.org`.
    private static func hostPart(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var end = bytes.count
        if bytes.first == UInt8(ascii: "[") {
            end = (bytes.firstIndex(of: UInt8(ascii: "]")) ?? bytes.count - 1) + 1
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            end = colon
        }
        if end > 1, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[0..<end])
    }

    private static func normalized(_ name: [UInt8]) -> [UInt8] {
        // A bare IPv6 address (two or more colons) is bracketed, as a Host header writes it.
        let bracketed = name.count { $0 == UInt8(ascii: ":") } > 1 && name.first != UInt8(ascii: "[") ? Array("[".utf8) + name + Array("]".utf8) : name
        return bracketed.withUnsafeBufferPointer { hostPart($0).map(lowercased) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
