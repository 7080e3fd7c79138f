/// The gateway's version, recorded in model cards and shown by `--version`.
enum GatewayVersion {
    static let current = "0.1.0"
}
