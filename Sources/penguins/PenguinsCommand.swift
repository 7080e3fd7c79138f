import ArgumentParser

@main
struct PenguinsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "penguins",
        abstract: "PenguinGateway: a secure data-connection gateway for the Palmer Penguins model.",
        discussion: """
            Every command reads its configuration from the environment, NAME_FILE secret files, the secrets \
            directory (PENGUINS_SECRETS_DIR, default /run/secrets) or a dotenv file (PENGUINS_ENV_FILE). \
            There is deliberately no flag for a password or a database URL: set DATABASE_URL (or DATABASE_URL_FILE) \
            instead, so credentials never appear in shell history or process listings. With nothing set, the \
            embedded SQLite database penguins.sqlite is used. See `penguins config`.
            """,
        version: GatewayVersion.current,
        subcommands: [
            ConfigCommand.self, MigrateCommand.self, LoadCommand.self, TrainCommand.self, PredictCommand.self,
            ScoreCommand.self, EvaluateCommand.self, ModelsCommand.self, KeysCommand.self, ReportCommand.self, ServeCommand.self,
            MonitorCommand.self,
        ]
    )
}
