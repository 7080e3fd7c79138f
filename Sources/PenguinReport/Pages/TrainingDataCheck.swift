import DataGateway
import PenguinModel

/// Whether the served model was trained on the data the site shows, compared like with like: the card's
/// fingerprint against the complete cases of the same formula columns of the same table, which is what
/// `train` fingerprints (``PenguinModel/ModelCard/wasTrained(on:)``).
enum TrainingDataCheck {
    /// Completes "trained on …".
    static func phrase(_ card: ModelCard, _ penguins: Penguins) -> Markup {
        switch card.wasTrained(on: penguins.frame) {
        case true?:
            "the current data"
        case false?:
            """
            different data from the current data (retrain to catch up): the complete rows of today’s \
            <code>penguins</code> table for <code>\(card.formula.description)</code> do not match the card’s \
            fingerprint; a model trained with <code>--query</code> on other rows always differs
            """
        case nil:
            card.dataFingerprint.isEmpty
                ? "data that cannot be compared: the card has no data fingerprint (it was trained in the database)"
                : "data that cannot be compared: the table lacks a column of <code>\(card.formula.description)</code>"
        }
    }
}
