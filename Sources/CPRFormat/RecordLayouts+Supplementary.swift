// Records not (fully) described by CprBroker's definitions (spec §5.2).
extension RecordLayouts {
    /// 002 followed by road name and DAR address UUID (aion_cli's "002B", 382 chars) ⚠️.
    /// Same type code as 002: only a line longer than 306 tells them apart.
    public static let currentAddressExtended = RecordLayout(
        type: .currentAddress, name: "P12170-002B", length: 382,
        fields: r002.fields + [
            .init("VEJNVN", 307, 40, .alphanumeric),
            .init("ADRESSE_UUID", 347, 36, .alphanumeric),
        ]
    )

    // P12170-021 RelocationOrder: layout unknown ⚠️. Every person record keys on
    // the PNR at 4–13 (and the sample line agrees), so only that is split out.
    static let r021 = RecordLayout(
        type: .relocationOrder, name: "P12170-021", length: 63,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("RAW", 14, 50, .alphanumeric),
        ]
    )

    // P12170-050 Kreditadvarsel: only the length (29) is known ⚠️.
    static let r050 = RecordLayout(
        type: .creditWarning, name: "P12170-050", length: 29,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("RAW", 14, 16, .alphanumeric),
        ]
    )

    // P12170-052 Umyndiggørelse og værge med værgemålstype: the 017 layout plus the type.
    static let r052 = RecordLayout(
        type: .guardianship, name: "P12170-052", length: 287,
        fields: r017.fields + [
            .init("VAERGEMAALS_TYPE", 273, 15, .alphanumeric),  // FULD / DELVIS
        ]
    )
}
