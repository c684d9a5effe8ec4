import Foundation
import PackagePlugin

/// Embeds a contract target's `openapi.yaml` in its module as a Swift constant, so the statically linked
/// executables serve `/openapi.yaml` without a resource bundle (DESIGN §9).
@main
struct EmbedContractPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let input = target.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedContract.swift")
        return [
            .buildCommand(
                displayName: "Embedding the contract of \(target.name)",
                executable: try context.tool(named: "embed-contract").url,
                arguments: [input.path(), output.path()],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
