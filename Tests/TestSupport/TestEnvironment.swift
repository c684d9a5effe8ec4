public import Foundation

/// What `make test` hands the tests through the environment (DESIGN §9: tests never build or ask SwiftPM).
public enum TestEnvironment {
    public static func value(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("\(name) is not set: run the tests with `make test`, which starts PostgreSQL and sets it")
        }
        return value
    }

    /// Port of the shared test cluster on 127.0.0.1.
    public static var postgresPort: Int { Int(value("AFTERSALES_TEST_PG_PORT"))! }
    /// Folder of the built executables.
    public static var binDirectory: String { value("AFTERSALES_BIN_DIR") }
    /// PostgreSQL server binaries (initdb, pg_ctl), for tests that need a cluster of their own.
    public static var postgresBinDirectory: String { value("AFTERSALES_PGBIN") }

    /// A Python with PyJWT installed (`make test-python`).
    public static var python: String { value("AFTERSALES_PYTHON") }

    /// The repository's root, found from this file's place in it.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
