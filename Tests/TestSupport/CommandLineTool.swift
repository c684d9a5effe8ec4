import Foundation

/// The built `aftersales` CLI, run as a child process with its output captured.
public enum CommandLineTool {
    public struct Run: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String

        /// The output as a JSON object (empty when it is not one).
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]) ?? [:] }
    }

    public static var path: String { TestEnvironment.binDirectory + "/aftersales" }

    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory
        let out = folder.appending(path: "cli-\(UUID().uuidString).out").path
        let err = folder.appending(path: "cli-\(UUID().uuidString).err").path
        defer { for path in [out, err] { try? FileManager.default.removeItem(atPath: path) } }
        let pid = try ChildProcess.spawn(path, arguments, environment: environment, outputPath: out, errorPath: err)
        let status = try await ChildProcess.wait(pid, timeout: .seconds(60)) ?? -1
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Run(status: status, output: read(out).trimmingCharacters(in: .whitespacesAndNewlines), errors: read(err))
    }
}
