import Foundation
import TestSupport
import Testing

@testable import DataGateway

/// Issue 11 §7: a secret file is opened once and judged by `fstat` on that descriptor; links are followed
/// the way Kubernetes and Docker mount secrets, and the target is judged.
@Suite("Secret files: one open, judged by the file itself")
struct SecretFileTests {
    /// `name -> ..data/name`, `..data -> ..2026_11_30`, as a Kubernetes secret volume lays files out.
    private func kubernetesLayout(in directory: TemporaryDirectory, name: String, text: String, mode: Int) throws {
        let timestamped = directory.file("..2026_11_30_21_00_00.000000001")
        try FileManager.default.createDirectory(atPath: timestamped, withIntermediateDirectories: true)
        try TemporaryDirectory.writeFile(at: timestamped + "/" + name, text, mode: mode)
        try FileManager.default.createSymbolicLink(atPath: directory.file("..data"), withDestinationPath: "..2026_11_30_21_00_00.000000001")
        try FileManager.default.createSymbolicLink(atPath: directory.file(name), withDestinationPath: "..data/" + name)
    }

    @Test("A Kubernetes-style linked secret is judged by its target: accepted at 0600, as NAME_FILE and in the secrets directory")
    func linkedSecretsAreJudgedByTheirTarget() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try kubernetesLayout(in: directory, name: "database_url", text: "sqlite:linked.sqlite\n", mode: 0o600)
        let viaFile = try await Settings.load(environment: ["DATABASE_URL_FILE": directory.file("database_url")])
        #expect(viaFile.databaseURL.description == "sqlite:linked.sqlite")
        let viaDirectory = try await Settings.load(environment: ["PENGUINS_SECRETS_DIR": directory.path])
        #expect(viaDirectory.databaseURL.description == "sqlite:linked.sqlite")
    }

    @Test("A link to a group-readable secret is refused, naming the mode")
    func linkToLooseTargetIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try kubernetesLayout(in: directory, name: "database_url", text: "sqlite:linked.sqlite\n", mode: 0o644)
        let path = directory.file("database_url")
        await #expect(throws: SettingsError.insecureFileMode(path: path, mode: 0o644)) {
            try await Settings.load(environment: ["DATABASE_URL_FILE": path])
        }
    }

    @Test("A FIFO or a directory is not a secret file: refused at once, never read")
    func nonRegularFilesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: SettingsError.unreadableFile(path: fifo, setting: "X_FILE", reason: "it is not a regular file")) {
            try SecretFile.read(fifo, setting: "X_FILE")
        }
        let folder = directory.file("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(throws: SettingsError.unreadableFile(path: folder, setting: "X_FILE", reason: "it is not a regular file")) {
            try SecretFile.read(folder, setting: "X_FILE")
        }
    }

    @Test("A secret file owned by another user (not root) is refused", .enabled(if: geteuid() == 0, "only root can give a file away"))
    func foreignOwnerIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("key", "secret\n")
        #expect(chown(path, 65534, 65534) == 0)
        let error = #expect(throws: SettingsError.self) { try SecretFile.read(path, setting: "X_FILE") }
        #expect(error == .insecureFileOwner(path: path, owner: 65534))
        #expect(error?.description.contains("chown") == true)
    }

    @Test("The text read is the file's, with one trailing newline trimmed")
    func readsTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try SecretFile.read(try directory.write("a", "one\r\n"), setting: "X") == "one")
        #expect(try SecretFile.read(try directory.write("b", " two \n\n"), setting: "X") == " two \n")
        #expect(try SecretFile.read(try directory.write("c", ""), setting: "X") == "")
    }
}
