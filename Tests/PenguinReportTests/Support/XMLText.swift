import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses a fragment as XML, which is what an SVG file must be; the error carries the parser's message.
enum XMLText {
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// The document's character data, concatenated, after checking it is well-formed XML.
    static func characters(of xml: String) throws -> String {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw ParseError(description: "not well-formed XML at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return collector.text
    }

    /// The element names in document order.
    static func elements(of xml: String) throws -> [String] {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { throw ParseError(description: "not well-formed XML") }
        return collector.elements
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var text = ""
        var elements: [String] = []

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append(elementName)
        }
    }
}
