import Foundation
import ShippedMigrations
import TestSupport
import Testing

@testable import DataGateway

@Suite("The migrations built into the binary")
struct ShippedMigrationsTests {
    @Test("They are the migrations folder's files, byte for byte")
    func sameFilesAsTheFolder() throws {
        let folder = TestDatabase.repositoryMigrations
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        #expect(ShippedMigrations.fileContents.map(\.name) == names)
        for file in ShippedMigrations.fileContents {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(file.name))
            #expect(file.bytes == bytes, "\(file.name)")
        }
    }

    @Test("They load as the folder does, with the same versions and checksums", arguments: DatabaseKind.allCases)
    func loadAsTheFolderDoes(kind: DatabaseKind) throws {
        let shipped = try ShippedMigrations.load(for: kind)
        let folder = try Migration.load(from: TestDatabase.repositoryMigrations, for: kind)
        #expect(shipped.map(\.fileName) == folder.map(\.fileName))
        #expect(shipped.map(\.checksum) == folder.map(\.checksum))
        #expect(!shipped.isEmpty)
    }
}
