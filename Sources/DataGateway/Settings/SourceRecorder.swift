import Configuration
import Synchronization

/// Remembers which provider answered each key, so `penguins config` can say where every value came from.
final class SourceRecorder: AccessReporter {
    private let labels: [String]
    private let sourceOfKey = Mutex<[String: String]>([:])

    init(labels: [String]) {
        self.labels = labels
    }

    func report(_ event: AccessEvent) {
        let answered = event.providerResults.firstIndex { providerResult in
            if case .success(let lookup) = providerResult.result { return lookup.value != nil }
            return false
        }
        guard let answered, answered < labels.count else { return }
        let key = event.metadata.key.description
        sourceOfKey.withLock { $0[key] = labels[answered] }
    }

    /// The label of the source that answered `key`, or nil if no source did.
    func source(of key: SettingKey) -> String? {
        sourceOfKey.withLock { $0[AbsoluteConfigKey(key.configKey).description] }
    }
}
