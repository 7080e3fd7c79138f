import ArgumentParser
import DataGateway
import Foundation
import PenguinModel

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make the Ed25519 keys that sign model cards.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new private key to a new mode-600 file; print its public key on the last line.",
            discussion: """
                Point PENGUINS_SIGNING_KEY_FILE at the file where cards are trained or imported, and add the \
                printed line to the PENGUINS_TRUSTED_KEYS_FILE of every place that must accept them.
                """)

        @Option(name: .long, help: "The private key file to create; it must not exist.")
        var out: String

        func run() async throws {
            let publicKey = try await reportingErrors { try SigningKeys.generate(writingTo: out) }
            print("wrote the private key to \(out) (mode 600); trust its cards with this line in PENGUINS_TRUSTED_KEYS_FILE:")
            print(publicKey)
        }
    }
}

extension ModelsCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a version's card to a new file, to import on another board.")

        @Argument(help: "The version to export.")
        var version: String

        @Option(name: .long, help: "The file to create; it must not exist.")
        var out: String

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                try context.board(on: database).exportCard(version: version, to: out)
                print("exported \(version) to \(out)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a card exported from another board, unchanged: same version, hash and signature.",
            discussion: """
                Importing a card that is already there does nothing; a different card under the same version is \
                refused. With PENGUINS_SIGNING_KEY_FILE an unsigned card is signed as it is stored; with \
                PENGUINS_TRUSTED_KEYS_FILE a card that would not be trusted is refused.
                """)

        @Argument(help: "The card file, as `models export` wrote it.")
        var file: String

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let bytes: [UInt8]
                do {
                    bytes = try OpenedFile(path: file).contents(limit: 64 << 20)
                } catch let failure as OpenedFile.Failure {
                    throw ValidationError("cannot read \(file): \(failure.reason)")
                }
                let (card, stored) = try context.board(on: database).importCard(bytes, from: file)
                print(stored ? "imported \(card.version) from \(file)" : "\(card.version) is already on the board; nothing to do")
            }
        }
    }
}
