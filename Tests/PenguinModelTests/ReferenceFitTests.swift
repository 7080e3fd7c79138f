import DataGateway
import PenguinModel
import TestSupport
import Testing

/// The fit on the 344-row Palmer Penguins CSV against independent implementations.
///
/// The literals were produced by `bench/reference/fit_reference.py` (committed next to this project, not run
/// by CI) with Python 3.11.7, numpy 2.4.6, pandas 3.1.1, scikit-learn 1.9.1, statsmodels 0.15.0 and
/// scipy 1.17.1, on this test's fixture (byte-identical to palmerpenguins 0.1.6's `penguins.csv`):
///
///     python3 -m venv /tmp/refvenv
///     /tmp/refvenv/bin/pip install scikit-learn pandas statsmodels scipy
///     /tmp/refvenv/bin/python bench/reference/fit_reference.py Tests/PenguinModelTests/Fixtures/penguins.csv
///
/// Coefficients, R², RMSE and MAE are scikit-learn's `LinearRegression` on
/// `pd.get_dummies(df[["bill_length_mm","species","sex"]], drop_first=True)` after `dropna` on the used
/// columns; standard errors, t and p values, adjusted R² and the residual standard error are statsmodels'
/// `OLS(y, add_constant(X))`.
@Suite struct ReferenceFitTests {
    static let names = ["(Intercept)", "bill_length_mm", "species_Chinstrap", "species_Gentoo", "sex_male"]
    // scikit-learn LinearRegression.
    static let coefficients = [2169.2697209393996, 32.53688677120322, -298.76553446528067, 1094.867391448984, 547.3669240772091]
    static let rSquared = 0.8555368759537614
    static let rmse = 305.5889986471743
    static let mae = 242.01142924542606
    // statsmodels OLS.
    static let standardErrors = [271.7525348108133, 7.3025984432646585, 85.94716550851706, 74.02947094042433, 43.2059339924183]
    static let tValues = [7.982518810540567, 4.455521828837953, -3.476153433305168, 14.789615237559676, 12.66879045302579]
    static let pValues = [2.4359485506640326e-14, 1.1497685776475796e-05, 0.0005771217861822216, 2.810935236235588e-38, 3.254582183119381e-30]
    static let adjustedRSquared = 0.8537751305385634
    static let sigma = 307.90937364118395
    static let residualDegreesOfFreedom = 328
    // scikit-learn predict for bill_length_mm 45, Gentoo, male.
    static let gentooMale45 = 5275.663941169738

    @Test func keeps333Of344RowsAndEncodesTheLabsFeatures() throws {
        let model = try LinearModel.fit(.penguins, to: PenguinsFixture.frame())
        #expect(model.fit.observations == 333)
        #expect(model.summary.droppedRows == 11)
        #expect(model.fit.names == Self.names)
        #expect(model.encoding.featureNames == Array(Self.names.dropFirst()))
        #expect(model.encoding.terms == [
            .numeric("bill_length_mm"),
            .categorical("species", levels: ["Adelie", "Chinstrap", "Gentoo"]),
            .categorical("sex", levels: ["female", "male"]),
        ])
    }

    @Test func matchesScikitLearn() throws {
        let model = try LinearModel.fit(.penguins, to: PenguinsFixture.frame())
        for (actual, expected) in zip(model.fit.coefficients, Self.coefficients) {
            #expect(relativeError(actual, expected) < 1e-9, "\(actual) vs \(expected)")
        }
        #expect(relativeError(model.summary.rSquared, Self.rSquared) < 1e-9)
        #expect(relativeError(model.summary.rootMeanSquaredError, Self.rmse) < 1e-9)
        #expect(relativeError(model.summary.meanAbsoluteError, Self.mae) < 1e-9)
    }

    @Test func matchesStatsmodels() throws {
        let summary = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).summary
        #expect(summary.residualDegreesOfFreedom == Self.residualDegreesOfFreedom)
        #expect(relativeError(summary.adjustedRSquared, Self.adjustedRSquared) < 1e-9)
        #expect(relativeError(summary.residualStandardError, Self.sigma) < 1e-9)
        for (index, row) in summary.coefficients.enumerated() {
            #expect(row.name == Self.names[index])
            #expect(relativeError(row.standardError, Self.standardErrors[index]) < 1e-9, "\(row.name) SE")
            #expect(relativeError(row.tValue, Self.tValues[index]) < 1e-9, "\(row.name) t")
            #expect(relativeError(row.pValue, Self.pValues[index]) < 1e-6, "\(row.name) p \(row.pValue)")
        }
    }

    @Test func rendersAnRStyleTable() throws {
        let text = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).summary.render()
        #expect(text.contains("Estimate Std. Error t value Pr(>|t|)"))
        #expect(text.contains("species_Gentoo"))
        #expect(text.contains("<2e-16 ***"))
        #expect(text.contains("Residual standard error: 307.9 on 328 degrees of freedom"))
        #expect(text.contains("Multiple R-squared:  0.8555,\tAdjusted R-squared:  0.8538"))
        #expect(text.contains("n = 333 (11 rows dropped for missing values)"))
    }

    @Test func normalEquationsGiveTheSameFit() throws {
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins)
        let encoding = try DesignEncoding(formula: .penguins, learningFrom: cases.frame)
        let (design, response) = try encoding.designMatrix(for: cases.frame)
        let fit = try NormalEquations(design: design, response: response).solve(responseName: "body_mass_g")
        for (actual, expected) in zip(fit.coefficients, Self.coefficients) {
            #expect(relativeError(actual, expected) < 1e-8, "\(actual) vs \(expected)")
        }
        for (actual, expected) in zip(fit.standardErrors, Self.standardErrors) {
            #expect(relativeError(actual, expected) < 1e-7)
        }
        #expect(relativeError(fit.rSquared, Self.rSquared) < 1e-8)
        #expect(relativeError(fit.rootMeanSquaredError, Self.rmse) < 1e-7)
    }
}
