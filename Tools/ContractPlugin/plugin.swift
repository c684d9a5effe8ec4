import Foundation
import PackagePlugin

/// Reads a contract target's `openapi.yaml` once more after the OpenAPI generator and emits what the
/// generator does not: the document embedded as a Swift constant (merged with the platform contract, so
/// the statically linked executables serve every path they route at `/openapi.yaml` without a resource
/// bundle, DESIGN §9), and per operation the accessors and conformances handlers are written against.
@main
struct ContractPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let contract = target.directoryURL.appending(path: "openapi.yaml")
        let platform = context.package.directoryURL.appending(path: "Shared/Contracts/PlatformAPI/openapi.yaml")
        let embedded = context.pluginWorkDirectoryURL.appending(path: "EmbeddedContract.swift")
        let operations = context.pluginWorkDirectoryURL.appending(path: "ContractOperations.swift")
        return [
            .buildCommand(
                displayName: "Embedding the contract of \(target.name) and its operations",
                executable: try context.tool(named: "contract-tool").url,
                arguments: [contract.path(), platform.path(), embedded.path(), operations.path()],
                inputFiles: [contract, platform],
                outputFiles: [embedded, operations]
            )
        ]
    }
}
