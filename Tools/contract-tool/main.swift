import Foundation

// contract-tool <openapi.yaml> <platform openapi.yaml> <EmbeddedContract.swift> <ContractOperations.swift>
//
// Run by ContractPlugin on every contract target. Writes two Swift files into the build (never committed):
// the served document (the contract merged with the platform contract) and the per-operation accessors and
// conformances that let a handler read its request and answer without a `switch` or hand-written extension.
let arguments = CommandLine.arguments
guard arguments.count == 5 else {
    FileHandle.standardError.write(
        Data("usage: contract-tool <openapi.yaml> <platform openapi.yaml> <EmbeddedContract.swift> <ContractOperations.swift>\n".utf8)
    )
    exit(64)
}

do {
    let contractURL = URL(fileURLWithPath: arguments[1]).standardizedFileURL
    let platformURL = URL(fileURLWithPath: arguments[2]).standardizedFileURL
    let contract = try String(contentsOf: contractURL, encoding: .utf8)
    let platform = try String(contentsOf: platformURL, encoding: .utf8)
    let served =
        contractURL == platformURL
        ? try ServedDocuments(platformOnly: contract)
        : try ServedDocuments(merging: platform, into: contract)
    try Data(served.swiftSource().utf8).write(to: URL(fileURLWithPath: arguments[3]), options: .atomic)
    let operations = try ContractOperation.read(from: contract)
    try Data(ContractOperation.swiftSource(operations).utf8).write(to: URL(fileURLWithPath: arguments[4]), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("contract-tool: \(arguments[1]): \(error)\n".utf8))
    exit(1)
}
