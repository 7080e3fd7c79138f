/// How log lines are written: JSON lines for collectors, text for people at a terminal.
public enum LogFormat: String, Sendable, CaseIterable {
    case json
    case text
}
