// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PenguinGateway",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PenguinLogging", targets: ["PenguinLogging"]),
        .library(name: "DataGateway", targets: ["DataGateway"]),
        .library(name: "PenguinJSON", targets: ["PenguinJSON"]),
        .library(name: "PenguinModel", targets: ["PenguinModel"]),
        .library(name: "PenguinStyle", targets: ["PenguinStyle"]),
        .library(name: "PenguinReport", targets: ["PenguinReport"]),
        .library(name: "PenguinServer", targets: ["PenguinServer"]),
        .executable(name: "penguins", targets: ["penguins"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-atomics", exact: "1.3.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // glibc's <malloc.h>, for `malloc_trim` (`FreedMemoryReturn`), which its Glibc module leaves out.
        .systemLibrary(name: "CGlibcMalloc"),
        .target(
            name: "PenguinLogging",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "DataGateway",
            dependencies: [
                "CLibPQ",
                "CSQLite",
                "PenguinLogging",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "MigrationEmbedder"
        ),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .target(
            name: "ShippedMigrations",
            dependencies: ["DataGateway"],
            plugins: ["EmbedMigrations"]
        ),
        .target(
            name: "PenguinJSON"
        ),
        .target(
            name: "PenguinModel",
            dependencies: ["DataGateway", "PenguinJSON", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "PenguinStyle",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "PenguinReport",
            dependencies: ["PenguinModel", "PenguinStyle", "DataGateway"]
        ),
        .target(
            name: "PenguinServer",
            dependencies: [
                "CGlibcMalloc",
                "PenguinJSON",
                "PenguinLogging",
                "PenguinModel",
                "PenguinStyle",
                "DataGateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .executableTarget(
            name: "penguins",
            dependencies: [
                "DataGateway",
                "PenguinJSON",
                "PenguinModel",
                "PenguinReport",
                "PenguinServer",
                "PenguinLogging",
                "ShippedMigrations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PenguinLoggingTests",
            dependencies: ["PenguinLogging", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "DataGatewayTests",
            dependencies: ["DataGateway", "ShippedMigrations", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["DataGateway", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PenguinJSONTests",
            dependencies: ["PenguinJSON", "TestSupport"]
        ),
        .testTarget(
            name: "PenguinModelTests",
            dependencies: ["PenguinModel", "PenguinJSON", "DataGateway", "TestSupport"]
        ),
        .testTarget(
            name: "PenguinReportTests",
            dependencies: ["PenguinReport", "PenguinModel", "PenguinJSON", "PenguinStyle", "DataGateway", "TestSupport"]
        ),
        .testTarget(
            name: "PenguinServerTests",
            dependencies: [
                "PenguinServer",
                "PenguinLogging",
                "PenguinJSON",
                "PenguinModel",
                "PenguinStyle",
                "DataGateway",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DataGateway", "PenguinModel", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "FaultTests",
            dependencies: ["DataGateway", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
