// swift-tools-version: 6.2
import PackageDescription

/// The language settings of every target: Swift 6 mode plus the upcoming features the Swift server
/// ecosystem enables (Hummingbird, PostgresNIO, Penny).
/// Functions rather than globals: the manifest runs under strict concurrency.
func languageSettings() -> [SwiftSetting] {
    [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}

/// Our own targets: a warning is an error, so a new one fails the build (incremental builds included).
func ourSettings() -> [SwiftSetting] {
    languageSettings() + [.treatAllWarnings(as: .error)]
}

/// Generated code is not ours to fix: its warnings are silenced, and only there (warnings-as-errors would
/// conflict with `-suppress-warnings`).
func generatedSettings() -> [SwiftSetting] {
    languageSettings() + [.unsafeFlags(["-suppress-warnings"])]
}

/// Returns alone calls the payment provider (DESIGN §6), over HTTP.
let paymentClient: [Target.Dependency] = [
    .product(name: "AsyncHTTPClient", package: "async-http-client"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
]

/// One service: its contract target (OpenAPI generator plugin), its library (handlers, workflow, store,
/// migrations) and its thin executable. Every service gets the same dependencies and settings.
func service(_ name: String, executable: String) -> [Target] {
    [
        .target(
            name: "\(name)API",
            dependencies: [
                "Models",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            path: "Shared/Contracts/\(name)API",
            swiftSettings: generatedSettings(),
            plugins: [
                .plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator"),
                .plugin(name: "ContractPlugin"),
            ]
        ),
        .target(
            name: "\(name)Service",
            dependencies: [
                "Models", "ServiceKit", .target(name: "\(name)API"), .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ] + (name == "Returns" ? paymentClient : []),
            path: "Services/\(name)/\(name)Service",
            swiftSettings: ourSettings()
        ),
        // The module is `<Name>Main`, not the executable's name: a module named `dispatch` would emit a
        // `dispatch_main` entry point that shadows libdispatch's and crashes the concurrency runtime.
        .executableTarget(
            name: "\(name)Main",
            dependencies: ["ServiceKit", .target(name: "\(name)Service")],
            path: "Services/\(name)/Main",
            swiftSettings: ourSettings()
        ),
    ]
}

/// A service's tests: its workflow's pure rules, and its operations through its router on a real database.
func serviceTests(_ name: String) -> Target {
    .testTarget(
        name: "\(name)ServiceTests",
        dependencies: [
            .target(name: "\(name)Service"), "Models", "ServiceKit", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
        ],
        path: "Tests/\(name)ServiceTests",
        // Golden documents are read from the source tree (#filePath), not bundled.
        exclude: name == "Repairs" ? ["Golden"] : [],
        swiftSettings: ourSettings()
    )
}

/// The six services of the platform (DESIGN §2): contract, library and executable each.
let platformServices: [(name: String, executable: String)] = [
    ("Intake", "intake"),
    ("Dispatch", "dispatch"),
    ("Returns", "returns"),
    ("Repairs", "repairs"),
    ("Parts", "parts"),
    ("Notifications", "notifications"),
]

let package = Package(
    name: "aftersales",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aftersales", targets: ["aftersales"]),
        .executable(name: "payment-sandbox", targets: ["PaymentSandbox"]),
    ] + platformServices.map { .executable(name: $0.executable, targets: ["\($0.name)Main"]) },
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "Models", path: "Shared/Models", exclude: ["Events/CATALOG.md"], swiftSettings: ourSettings()),
        // Reads each contract after the OpenAPI generator: embeds the served document (merged with the
        // platform contract) and emits each operation's accessors and error-answer conformance.
        .executableTarget(
            name: "contract-tool",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Tools/contract-tool",
            swiftSettings: ourSettings()
        ),
        .plugin(
            name: "ContractPlugin",
            capability: .buildTool(),
            dependencies: ["contract-tool"],
            path: "Tools/ContractPlugin"
        ),
        // The platform operations every service serves (EventSink, DeadLetters, TestClock).
        .target(
            name: "PlatformAPI",
            dependencies: ["Models", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            path: "Shared/Contracts/PlatformAPI",
            swiftSettings: generatedSettings(),
            plugins: [
                .plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator"),
                .plugin(name: "ContractPlugin"),
            ]
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Models",
                "PlatformAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: ourSettings()
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "ServiceKit",
                "Models",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: ourSettings()
        ),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/ModelsTests",
            exclude: ["Golden", "Fixtures"],
            swiftSettings: ourSettings()
        ),
        // The operator's CLI: keys, tokens, calls.
        .executableTarget(
            name: "aftersales",
            dependencies: [
                "Models",
                "ServiceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tools/aftersales",
            swiftSettings: ourSettings()
        ),
        // The payment provider's stand-in: its own process and database, with fault modes (Tools/PaymentSandbox/API.md).
        .executableTarget(
            name: "PaymentSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/PaymentSandbox",
            exclude: ["API.md"],
            swiftSettings: ourSettings()
        ),
        // Throughput of the pure policy engine (`make bench`).
        .executableTarget(name: "policy-bench", dependencies: ["Models"], path: "Tools/PolicyBench", swiftSettings: ourSettings()),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit",
                "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/ServiceKitTests",
            swiftSettings: ourSettings()
        ),
        // Events, timers and the test clock across Intake and Dispatch, served in-process over real HTTP.
        .testTarget(
            name: "EventTests",
            dependencies: [
                "IntakeService", "DispatchService", "Models", "ServiceKit", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/EventTests",
            swiftSettings: ourSettings()
        ),
        // The six real executables as processes (built by `make test`; paths from the environment).
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "Models", "ServiceKit", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/SystemTests",
            swiftSettings: ourSettings()
        ),
        // The runtime every service shares, through real services: error shapes, auth, idempotency, isolation,
        // platform paths, the executables and the CLI; and the deployment files against this manifest.
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "IntakeService", "DispatchService", "ReturnsService", "RepairsService", "PartsService", "NotificationsService",
                "Models", "ServiceKit", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/PlatformTests",
            swiftSettings: ourSettings()
        ),
    ]
        + platformServices.flatMap { service($0.name, executable: $0.executable) }
        + platformServices.map { serviceTests($0.name) }
)
