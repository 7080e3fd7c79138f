// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PenguinGateway",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DataGateway", targets: ["DataGateway"]),
        .library(name: "PenguinModel", targets: ["PenguinModel"]),
        .library(name: "PenguinReport", targets: ["PenguinReport"]),
        .executable(name: "penguins", targets: ["penguins"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
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
        .target(
            name: "DataGateway",
            dependencies: [
                "CLibPQ",
                "CSQLite",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PenguinModel",
            dependencies: ["DataGateway"]
        ),
        .target(
            name: "PenguinReport",
            dependencies: ["PenguinModel", "DataGateway"]
        ),
        .executableTarget(
            name: "penguins",
            dependencies: [
                "DataGateway",
                "PenguinModel",
                "PenguinReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DataGatewayTests",
            dependencies: ["DataGateway", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["DataGateway", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PenguinModelTests",
            dependencies: ["PenguinModel", "DataGateway", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PenguinReportTests",
            dependencies: ["PenguinReport", "PenguinModel", "DataGateway"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DataGateway", "PenguinModel"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
