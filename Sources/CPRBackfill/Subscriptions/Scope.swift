/// Which persons the replica should hold: those subscribed by PNR (under their own, current
/// or an old number) and those living in a subscribed municipality. The rest are out of scope.
enum Scope {
    /// A condition on `person p`.
    static let inScope = """
        EXISTS (
            SELECT 1 FROM subscription s
            WHERE s.state IN ('adding', 'active') AND (
                (s.kind = 'pnr' AND (s.value = p.pnr OR s.value = p.current_pnr))
                OR (s.kind = 'municipality' AND s.value = p.municipality_code)
                OR (s.kind = 'pnr' AND s.value IN (SELECT a.old_pnr FROM pnr_alias a WHERE a.current_pnr = p.pnr))
            )
        )
        """

    /// Subscribed PNRs the replica holds no person for, under that number or as an old number.
    static let missingFromReplica = """
        SELECT s.value FROM subscription s
        WHERE s.kind = 'pnr' AND s.state IN ('adding', 'active')
          AND NOT EXISTS (SELECT 1 FROM person p WHERE p.pnr = s.value)
          AND NOT EXISTS (SELECT 1 FROM pnr_alias a WHERE a.old_pnr = s.value)
        ORDER BY s.value
        """

    /// Whether anything at all is in scope: with an empty list every person would be "out of scope".
    static let hasSubscriptions = "SELECT EXISTS (SELECT 1 FROM subscription WHERE state IN ('adding', 'active'))"
}
