// Current-state person records 001–020 (spec §5.1).
extension RecordLayouts {
    // P12170-001 PersonInformation
    static let r001 = RecordLayout(
        type: .personInformation, name: "P12170-001", length: 106,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("PNRGAELD", 14, 10, .pnr),
            .init("STATUS", 24, 2, .numeric),
            .init("STATUSHAENSTART", 26, 12, .dateTime),
            .init("STATUSDTO_UMRK", 38, 1, .uncertaintyMarker),
            .init("KOEN", 39, 1, .alphanumeric),
            .init("FOED_DT", 40, 10, .date),
            .init("FOED_DT_UMRK", 50, 1, .uncertaintyMarker),
            .init("START_DT-PERSON", 51, 10, .date),
            .init("START_DT_UMRK-PERSON", 61, 1, .uncertaintyMarker),
            .init("SLUT_DT-PERSON", 62, 10, .date),
            .init("SLUT_DT_UMRK-PERSON", 72, 1, .uncertaintyMarker),
            .init("STILLING", 73, 34, .alphanumeric),
        ]
    )

    // P12170-002 CurrentAddressInformation
    static let r002 = RecordLayout(
        type: .currentAddress, name: "P12170-002", length: 306,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("KOMKOD", 14, 4, .numeric),
            .init("VEJKOD", 18, 4, .numeric),
            .init("HUSNR", 22, 4, .alphanumeric),
            .init("ETAGE", 26, 2, .alphanumeric),
            .init("SIDEDOER", 28, 4, .alphanumeric),
            .init("BNR", 32, 4, .alphanumeric),
            .init("CONVN", 36, 34, .alphanumeric),
            .init("TILFLYDTO", 70, 12, .dateTime),
            .init("TILFLYDT_UMRK", 82, 1, .uncertaintyMarker),
            .init("TILFLYKOMDTO", 83, 12, .dateTime),
            .init("TILFLYKOMDT_UMRK", 95, 1, .uncertaintyMarker),
            .init("FRAFLYKOMKOD", 96, 4, .numeric),
            .init("FRAFLYKOMDTO", 100, 12, .dateTime),
            .init("FRAFLYKOMDT_UMRK", 112, 1, .uncertaintyMarker),
            .init("START_MYNKOD-ADRTXT", 113, 4, .numeric),
            .init("ADR1-SUPLADR", 117, 34, .alphanumeric),
            .init("ADR2-SUPLADR", 151, 34, .alphanumeric),
            .init("ADR3-SUPLADR", 185, 34, .alphanumeric),
            .init("ADR4-SUPLADR", 219, 34, .alphanumeric),
            .init("ADR5-SUPLADR", 253, 34, .alphanumeric),
            .init("START_DT-ADRTXT", 287, 10, .date),
            .init("SLET_DT-ADRTXT", 297, 10, .date),
        ]
    )

    // P12170-003 ClearWrittenAddress
    static let r003 = RecordLayout(
        type: .clearWrittenAddress, name: "P12170-003", length: 249,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ADRNVN", 14, 34, .alphanumeric),
            .init("CONVN", 48, 34, .alphanumeric),
            .init("LOKALITET", 82, 34, .alphanumeric),
            .init("STANDARDADR", 116, 34, .alphanumeric),
            .init("BYNVN", 150, 34, .alphanumeric),
            .init("POSTNR", 184, 4, .numeric),
            .init("POSTDISTTXT", 188, 20, .alphanumeric),
            .init("KOMKOD", 208, 4, .numeric),
            .init("VEJKOD", 212, 4, .numeric),
            .init("HUSNR", 216, 4, .alphanumeric),
            .init("ETAGE", 220, 2, .alphanumeric),
            .init("SIDEDOER", 222, 4, .alphanumeric),
            .init("BNR", 226, 4, .alphanumeric),
            .init("VEJADRNVN", 230, 20, .alphanumeric),
        ]
    )

    // P12170-004 Protection
    static let r004 = RecordLayout(
        type: .protection, name: "P12170-004", length: 37,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("BESKYTTYPE", 14, 4, .numeric),
            .init("START_DT-BESKYTTELSE", 18, 10, .date),
            .init("SLET_DT-BESKYTTELSE", 28, 10, .date),
        ]
    )

    // P12170-005 CurrentDepartureData
    static let r005 = RecordLayout(
        type: .currentDeparture, name: "P12170-005", length: 200,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("UDR_LANDEKOD", 14, 4, .numeric),
            .init("UDRDTO", 18, 12, .dateTime),
            .init("UDRDTO_UMRK", 30, 1, .uncertaintyMarker),
            .init("UDLANDADR1", 31, 34, .alphanumeric),
            .init("UDLANDADR2", 65, 34, .alphanumeric),
            .init("UDLANDADR3", 99, 34, .alphanumeric),
            .init("UDLANDADR4", 133, 34, .alphanumeric),
            .init("UDLANDADR5", 167, 34, .alphanumeric),
        ]
    )

    // P12170-006 ContactAddress
    static let r006 = RecordLayout(
        type: .contactAddress, name: "P12170-006", length: 203,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ADR1-KONTAKTADR", 14, 34, .alphanumeric),
            .init("ADR2-KONTAKTADR", 48, 34, .alphanumeric),
            .init("ADR3-KONTAKTADR", 82, 34, .alphanumeric),
            .init("ADR4-KONTAKTADR", 116, 34, .alphanumeric),
            .init("ADR5-KONTAKTADR", 150, 34, .alphanumeric),
            .init("START_DT-ADRTXT", 184, 10, .date),
            .init("SLET_DT-ADRTXT", 194, 10, .date),
        ]
    )

    // P12170-007 CurrentDisappearanceInformation
    static let r007 = RecordLayout(
        type: .currentDisappearance, name: "P12170-007", length: 26,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("FORSVINDDTO", 14, 12, .dateTime),
            .init("FORSVINDDTO_UMRK", 26, 1, .uncertaintyMarker),
        ]
    )

    // P12170-008 CurrentNameInformation
    static let r008 = RecordLayout(
        type: .currentName, name: "P12170-008", length: 193,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("FORNVN", 14, 50, .alphanumeric),
            .init("FORNVN_MRK", 64, 1, .nameMarker),
            .init("MELNVN", 65, 40, .alphanumeric),
            .init("MELNVN_MRK", 105, 1, .nameMarker),
            .init("EFTERNVN", 106, 40, .alphanumeric),
            .init("EFTERNVN_MRK", 146, 1, .nameMarker),
            .init("NVNHAENSTART", 147, 12, .dateTime),
            .init("HAENSTART_UMRK-NAVNE", 159, 1, .uncertaintyMarker),
            .init("ADRNVN", 160, 34, .alphanumeric),
        ]
    )

    // P12170-009 BirthRegistrationInformation
    static let r009 = RecordLayout(
        type: .birthRegistration, name: "P12170-009", length: 37,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("START_MYNKOD-FØDESTED", 14, 4, .alphanumeric),
            .init("MYNTXT-FØDESTED", 18, 20, .alphanumeric),
        ]
    )

    // P12170-010 CurrentCitizenship
    static let r010 = RecordLayout(
        type: .currentCitizenship, name: "P12170-010", length: 30,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("LANDEKOD", 14, 4, .numeric),
            .init("HAENSTART-STATSBORGERSKAB", 18, 12, .dateTime),
            .init("HAENSTART_UMRK-STATSBORGERSKAB", 30, 1, .uncertaintyMarker),
        ]
    )

    // P12170-011 ChurchInformation
    static let r011 = RecordLayout(
        type: .churchInformation, name: "P12170-011", length: 25,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("FKIRK", 14, 1, .alphanumeric),
            .init("START_DT-FOLKEKIRKE", 15, 10, .date),
            .init("START_DT_UMRK-FOLKEKIRKE", 25, 1, .uncertaintyMarker),
        ]
    )

    // P12170-012 CurrentCivilStatus
    static let r012 = RecordLayout(
        type: .currentCivilStatus, name: "P12170-012", length: 95,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("CIVST", 14, 1, .alphanumeric),
            .init("AEGTEPNR", 15, 10, .pnr),
            .init("AEGTEFOED_DT", 25, 10, .date),
            .init("AEGTEFOEDDT_UMRK", 35, 1, .uncertaintyMarker),
            .init("AEGTENVN", 36, 34, .alphanumeric),
            .init("AEGTENVN_MRK", 70, 1, .nameMarker),
            .init("HAENSTART-CIVILSTAND", 71, 12, .dateTime),
            .init("HAENSTART_UMRK-CIVILSTAND", 83, 1, .uncertaintyMarker),
            .init("SEP_HENVIS-CIVILSTAND", 84, 12, .alphanumeric),
        ]
    )

    // P12170-013 CurrentSeparation
    static let r013 = RecordLayout(
        type: .currentSeparation, name: "P12170-013", length: 36,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("SEP_HENVIS-SEPARATION", 14, 12, .alphanumeric),
            .init("START_DT-SEPARATION", 26, 10, .date),
            .init("START_DT_UMRK-SEPARATION", 36, 1, .uncertaintyMarker),
        ]
    )

    // P12170-014 Child
    static let r014 = RecordLayout(
        type: .child, name: "P12170-014", length: 23,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("PNR-BARN", 14, 10, .pnr),  // spec: "PNR (child)"; renamed to keep names unique
        ]
    )

    // P12170-015 ParentsInformation
    static let r015 = RecordLayout(
        type: .parents, name: "P12170-015", length: 147,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("MOR_DT", 14, 10, .date),
            .init("MOR_DT_UMRK", 24, 1, .uncertaintyMarker),
            .init("PNRMOR", 25, 10, .pnr),
            .init("MOR_FOED_DT", 35, 10, .date),
            .init("MOR_FOED_DT_UMRK", 45, 1, .uncertaintyMarker),
            .init("MORNVN", 46, 34, .alphanumeric),
            .init("MORNVN_MRK", 80, 1, .nameMarker),
            .init("FAR_DT", 81, 10, .date),
            .init("FAR_DT_UMRK", 91, 1, .uncertaintyMarker),
            .init("PNRFAR", 92, 10, .pnr),
            .init("FAR_FOED_DT", 102, 10, .date),
            .init("FAR_FOED_DT_UMRK", 112, 1, .uncertaintyMarker),
            .init("FARNVN", 113, 34, .alphanumeric),
            .init("FARNVN_MRK", 147, 1, .nameMarker),
        ]
    )

    // P12170-016 ParentalAuthority
    static let r016 = RecordLayout(
        type: .parentalAuthority, name: "P12170-016", length: 58,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("RELTYP-FORÆLDREMYN", 14, 4, .numeric),
            .init("START_DT-FORÆLDREMYN", 18, 10, .date),
            .init("START_DT_UMRK-FORÆLDREMYN", 28, 1, .uncertaintyMarker),
            .init("SLET_DT-FORÆLDREMYN", 29, 10, .date),
            .init("RELPNR", 39, 10, .pnr),
            .init("START_DT-RELPNR_PNR", 49, 10, .date),
        ]
    )

    // P12170-017 Disempowerment
    static let r017 = RecordLayout(
        type: .disempowerment, name: "P12170-017", length: 272,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("START_DT-UMYNDIG", 14, 10, .date),
            .init("START_DT_UMRK-UMYNDIG", 24, 1, .uncertaintyMarker),
            .init("SLET_DT-UMYNDIG", 25, 10, .date),
            .init("UMYN_RELTYP", 35, 4, .numeric),
            .init("RELPNR", 39, 10, .pnr),
            .init("START_DT-RELPNR_PNR", 49, 10, .date),
            .init("RELADRSAT_RELPNR_TXT", 59, 34, .alphanumeric),
            .init("START_DT-RELPNR_TXT", 93, 10, .date),
            .init("RELTXT1", 103, 34, .alphanumeric),
            .init("RELTXT2", 137, 34, .alphanumeric),
            .init("RELTXT3", 171, 34, .alphanumeric),
            .init("RELTXT4", 205, 34, .alphanumeric),
            .init("RELTXT5", 239, 34, .alphanumeric),
        ]
    )

    // P12170-018 MunicipalConditions
    static let r018 = RecordLayout(
        type: .municipalConditions, name: "P12170-018", length: 60,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("KOMFORHTYP", 14, 1, .numeric),
            .init("KOMFORHKOD", 15, 5, .alphanumeric),
            .init("START_DT-KOMMUNALE-FORHOLD", 20, 10, .date),
            .init("START_DT_UMRK-KOMMUNALE-FORHOL", 30, 1, .uncertaintyMarker),  // sic: CPR truncates the name
            .init("BEMAERK-KOMMUNALE-FORHOLD", 31, 30, .alphanumeric),
        ]
    )

    // P12170-019 Notes
    static let r019 = RecordLayout(
        type: .notes, name: "P12170-019", length: 75,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("NOTATNR", 14, 2, .numeric),
            .init("NOTATLINIE", 16, 40, .alphanumeric),
            .init("START_DT-NOTAT", 56, 10, .date),
            .init("SLET_DT-NOTAT", 66, 10, .date),
        ]
    )

    // P12170-020 ElectionInformation
    static let r020 = RecordLayout(
        type: .electionInformation, name: "P12170-020", length: 47,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("VALGKODE", 14, 4, .numeric),
            .init("VALGRET_DT", 18, 10, .date),
            .init("START_DT-VALGOPLYSNINGER", 28, 10, .date),
            .init("SLET_DT-VALGOPLYSNINGER", 38, 10, .date),  // position inferred from the sample ⚠️
        ]
    )
}
