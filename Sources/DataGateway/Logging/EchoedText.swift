extension String {
    /// The most of a client's text that an error message or a log line repeats back.
    public static let echoLimit = 100

    /// This text as an error or a log line may repeat it: cut to ``echoLimit`` characters, with how long it
    /// really was, so that a megabyte field name or level costs a megabyte in no response and no log.
    public var clippedForEcho: String {
        guard utf8.count > Self.echoLimit else { return self }
        let count = self.count
        guard count > Self.echoLimit else { return self }
        return String(prefix(Self.echoLimit)) + "… (\(count) characters)"
    }
}
