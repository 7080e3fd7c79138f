import Foundation
import HTTPTypes
import PenguinJSON

@testable import PenguinServer

/// Checks responses against the server's own OpenAPI document: the status is documented for the operation,
/// the content type is one it lists, and a JSON body satisfies the schema (the JSON Schema keywords the
/// document uses: $ref, type, const, enum, required, properties, additionalProperties, items, min/max,
/// minItems/maxItems, oneOf, anyOf, allOf, not).
struct OpenAPIChecker: Sendable {
    let document: JSONValue

    func problems(path: String, method: HTTPRequest.Method, reply: Reply) -> [String] {
        let route = String(path.prefix { $0 != "?" })
        // HEAD is answered as GET without a body (RFC 9110), so it is held to the GET operation's statuses only.
        if method == .head {
            guard reply.text.isEmpty else { return ["a HEAD answer has a body"] }
            guard let operation = document["paths"]?[route]?["get"] else { return [] }
            return operation["responses"]?[String(reply.status.code)] == nil ? ["status \(reply.status.code) is not documented"] : []
        }
        guard let operation = document["paths"]?[route]?[method.rawValue.lowercased()] else {
            // Not an operation (404, 405): the body must still be the documented error shape.
            return validate(reply.json ?? .null, against: ["$ref": "#/components/schemas/Error"], at: "body")
        }
        guard let response = operation["responses"]?[String(reply.status.code)] else {
            return ["status \(reply.status.code) is not documented"]
        }
        guard case .object(let content)? = response["content"] else { return [] }
        let mediaType = reply.headers[.contentType].map { String($0.prefix { $0 != ";" }) } ?? ""
        guard let media = content[mediaType] else { return ["content type \(mediaType) is not one of \(content.keys.sorted())"] }
        guard mediaType == "application/json", let schema = media["schema"] else { return [] }
        guard let json = reply.json else { return ["the body is not JSON"] }
        return validate(json, against: schema, at: "body")
    }

    func validate(_ value: JSONValue, against schema: JSONValue, at location: String) -> [String] {
        guard case .object(var keywords) = schema else { return [] }
        if case .string(let reference)? = keywords["$ref"] {
            guard let target = resolve(reference) else { return ["\(location): unresolvable \(reference)"] }
            return validate(value, against: target, at: location)
        }
        var problems: [String] = []
        if let type = keywords.removeValue(forKey: "type") {
            let types: [String] = if case .array(let list) = type { list.compactMap(\.string) } else { type.string.map { [$0] } ?? [] }
            if !types.contains(where: { Self.matches(value, type: $0) }) { problems.append("\(location): \(value.typeName) is not \(types)") }
        }
        if let constant = keywords["const"], constant != value { problems.append("\(location): is not \(constant)") }
        if case .array(let allowed)? = keywords["enum"], !allowed.contains(value) { problems.append("\(location): \(value) not in enum") }
        if case .number(let number) = value {
            if case .number(let minimum)? = keywords["minimum"], number < minimum { problems.append("\(location): below \(minimum)") }
            if case .number(let maximum)? = keywords["maximum"], number > maximum { problems.append("\(location): above \(maximum)") }
        }
        if case .object(let fields) = value {
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where fields[name] == nil { problems.append("\(location): missing \(name)") }
            }
            let properties: [String: JSONValue] = if case .object(let map)? = keywords["properties"] { map } else { [:] }
            for (name, field) in fields {
                if let property = properties[name] {
                    problems += validate(field, against: property, at: "\(location).\(name)")
                } else if let extra = keywords["additionalProperties"] {
                    if extra == .bool(false) { problems.append("\(location): unexpected \(name)") }
                    else { problems += validate(field, against: extra, at: "\(location).\(name)") }
                }
            }
        }
        if case .array(let items) = value {
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { problems += validate(item, against: itemSchema, at: "\(location)[\(index)]") }
            }
            if case .number(let minimum)? = keywords["minItems"], Double(items.count) < minimum { problems.append("\(location): too few items") }
            if case .number(let maximum)? = keywords["maxItems"], Double(items.count) > maximum { problems.append("\(location): too many items") }
        }
        if case .array(let all)? = keywords["allOf"] {
            for branch in all { problems += validate(value, against: branch, at: location) }
        }
        if case .array(let any)? = keywords["anyOf"], !any.contains(where: { validate(value, against: $0, at: location).isEmpty }) {
            problems.append("\(location): matches no anyOf branch")
        }
        if let negated = keywords["not"], validate(value, against: negated, at: location).isEmpty {
            problems.append("\(location): matches the schema under not")
        }
        if case .array(let one)? = keywords["oneOf"] {
            let matching = one.filter { validate(value, against: $0, at: location).isEmpty }.count
            if matching != 1 { problems.append("\(location): matches \(matching) oneOf branches") }
        }
        return problems
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        return reference.dropFirst(2).split(separator: "/").reduce(document as JSONValue?) { node, key in node?[String(key)] }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
}
