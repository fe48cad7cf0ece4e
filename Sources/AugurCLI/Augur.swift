import ArgumentParser

/// The `augur` command line: one subcommand per part of the service.
@main
struct Augur: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augur",
        abstract: "Augur: a prediction service with a built-in Redis-protocol stream broker.",
        subcommands: [
            BrokerCommand.self, ModelCommand.self, RunCommand.self, ServeCommand.self, PredictCommand.self,
            LoadCommand.self, MonitorCommand.self,
        ]
    )
}
