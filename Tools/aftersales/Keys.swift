import ArgumentParser
import Foundation
import ServiceKit

extension Aftersales {
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Operator key pairs.", subcommands: [Generate.self])

        struct Generate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create an operator key pair and add its public key to the key set.",
                discussion: """
                    Writes <out>/<kid>.pem (the private key, mode 0600) and adds the public key to <out>/jwks.json, \
                    the value of AUTH_JWKS. Rotation: generate a new kid, deploy the key set, sign with the new key, \
                    then remove the old key from jwks.json.
                    """
            )

            @Option(help: "Folder for the key and the key set.") var out: String
            @Option(help: "Key id (kid) of the new key.") var kid: String = "operator-1"

            func run() async throws {
                let folder = URL(fileURLWithPath: out)
                let keyFile = folder.appending(path: "\(kid).pem")
                let setFile = folder.appending(path: "jwks.json")
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    guard !FileManager.default.fileExists(atPath: keyFile.path) else {
                        throw ValidationError("\(keyFile.path) exists; choose another --kid")
                    }
                    let pem = try OperatorKeys.generatePrivateKeyPEM()
                    guard FileManager.default.createFile(atPath: keyFile.path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600])
                    else {
                        throw ValidationError("cannot write \(keyFile.path)")
                    }
                    let existing = FileManager.default.fileExists(atPath: setFile.path) ? try String(contentsOf: setFile, encoding: .utf8) : nil
                    let keySet = try OperatorKeys.keySet(existing, adding: OperatorKeys.publicJWK(privateKeyPEM: pem, keyID: kid))
                    try keySet.write(to: setFile, atomically: true, encoding: .utf8)
                    print(keyFile.path)
                } catch let error as ValidationError {
                    throw error
                } catch {
                    FileHandle.standardError.write(Data("aftersales: \(error)\n".utf8))
                    throw ExitStatus.localProblem
                }
            }
        }
    }
}
