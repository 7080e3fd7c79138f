import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses a fragment as XML, which is what an SVG file must be; the error carries the parser's message.
enum XMLText {
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    struct Parsed {
        /// The character data, concatenated: what the document says once markup is gone.
        let text: String
        /// The element names in document order.
        let elements: [String]
    }

    static func parse(_ xml: String) throws -> Parsed {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw ParseError(description: "not well-formed XML at line \(parser.lineNumber): \(reason)")
        }
        return Parsed(text: collector.text, elements: collector.elements)
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
