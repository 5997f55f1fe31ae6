import CPRFormat

// Field positions used by `PersonRecords`, resolved by CPR's field names once.

enum F001 {
    static let replacedBy = Slot(.personInformation, "PNRGAELD")
    static let status = Slot(.personInformation, "STATUS")
    static let statusStart = Slot(.personInformation, "STATUSHAENSTART")
    static let sex = Slot(.personInformation, "KOEN")
    static let birth = Slot(.personInformation, "FOED_DT")
    static let birthUncertain = Slot(.personInformation, "FOED_DT_UMRK")
    static let validFrom = Slot(.personInformation, "START_DT-PERSON")
    static let validTo = Slot(.personInformation, "SLUT_DT-PERSON")
    static let occupation = Slot(.personInformation, "STILLING")
}

enum F002 {
    static let municipality = Slot(.currentAddress, "KOMKOD")
    static let road = Slot(.currentAddress, "VEJKOD")
    static let houseNumber = Slot(.currentAddress, "HUSNR")
    static let floor = Slot(.currentAddress, "ETAGE")
    static let door = Slot(.currentAddress, "SIDEDOER")
    static let coName = Slot(.currentAddress, "CONVN")
    static let movedIn = Slot(.currentAddress, "TILFLYDTO")
    static let movedIntoMunicipality = Slot(.currentAddress, "TILFLYKOMDTO")
    static let previousMunicipality = Slot(.currentAddress, "FRAFLYKOMKOD")
    static let leftPreviousMunicipality = Slot(.currentAddress, "FRAFLYKOMDTO")
}

enum F003 {
    static let addressing = Slot(.clearWrittenAddress, "ADRNVN")
    static let coName = Slot(.clearWrittenAddress, "CONVN")
    static let locality = Slot(.clearWrittenAddress, "LOKALITET")
    static let standardAddress = Slot(.clearWrittenAddress, "STANDARDADR")
    static let town = Slot(.clearWrittenAddress, "BYNVN")
    static let postalCode = Slot(.clearWrittenAddress, "POSTNR")
    static let postalDistrict = Slot(.clearWrittenAddress, "POSTDISTTXT")
    static let municipality = Slot(.clearWrittenAddress, "KOMKOD")
    static let road = Slot(.clearWrittenAddress, "VEJKOD")
    static let houseNumber = Slot(.clearWrittenAddress, "HUSNR")
    static let floor = Slot(.clearWrittenAddress, "ETAGE")
    static let door = Slot(.clearWrittenAddress, "SIDEDOER")
    static let roadAddressingName = Slot(.clearWrittenAddress, "VEJADRNVN")
}

enum F004 {
    static let type = Slot(.protection, "BESKYTTYPE")
    static let start = Slot(.protection, "START_DT-BESKYTTELSE")
}

enum F005 {
    static let country = Slot(.currentDeparture, "UDR_LANDEKOD")
    static let date = Slot(.currentDeparture, "UDRDTO")
    static let lines = (1...5).map { Slot(.currentDeparture, "UDLANDADR\($0)") }
}

enum F006 {
    static let lines = (1...5).map { Slot(.contactAddress, "ADR\($0)-KONTAKTADR") }
    static let start = Slot(.contactAddress, "START_DT-ADRTXT")
}

enum F007 {
    static let date = Slot(.currentDisappearance, "FORSVINDDTO")
}

enum F008 {
    static let first = Slot(.currentName, "FORNVN")
    static let middle = Slot(.currentName, "MELNVN")
    static let last = Slot(.currentName, "EFTERNVN")
    static let since = Slot(.currentName, "NVNHAENSTART")
    static let addressing = Slot(.currentName, "ADRNVN")
}

enum F009 {
    static let authority = Slot(.birthRegistration, "START_MYNKOD-FØDESTED")
}

enum F010 {
    static let country = Slot(.currentCitizenship, "LANDEKOD")
    static let since = Slot(.currentCitizenship, "HAENSTART-STATSBORGERSKAB")
}

enum F011 {
    static let code = Slot(.churchInformation, "FKIRK")
    static let since = Slot(.churchInformation, "START_DT-FOLKEKIRKE")
}

enum F012 {
    static let code = Slot(.currentCivilStatus, "CIVST")
    static let spouse = Slot(.currentCivilStatus, "AEGTEPNR")
    static let spouseBirth = Slot(.currentCivilStatus, "AEGTEFOED_DT")
    static let spouseName = Slot(.currentCivilStatus, "AEGTENVN")
    static let since = Slot(.currentCivilStatus, "HAENSTART-CIVILSTAND")
    static let separation = Slot(.currentCivilStatus, "SEP_HENVIS-CIVILSTAND")
}

enum F013 {
    static let key = Slot(.currentSeparation, "SEP_HENVIS-SEPARATION")
    static let start = Slot(.currentSeparation, "START_DT-SEPARATION")
}

enum F014 {
    static let child = Slot(.child, "PNR-BARN")
}

enum F015 {
    struct Parent {
        let since: Slot, pnr: Slot, birth: Slot, name: Slot

        init(_ prefix: String) {
            since = Slot(.parents, prefix + "_DT")
            pnr = Slot(.parents, "PNR" + prefix)
            birth = Slot(.parents, prefix + "_FOED_DT")
            name = Slot(.parents, prefix + "NVN")
        }
    }

    static let mother = Parent("MOR")
    static let father = Parent("FAR")
}

enum F016 {
    static let type = Slot(.parentalAuthority, "RELTYP-FORÆLDREMYN")
    static let start = Slot(.parentalAuthority, "START_DT-FORÆLDREMYN")
}

enum F017 {
    static let start = Slot(.disempowerment, "START_DT-UMYNDIG")
    static let relationType = Slot(.disempowerment, "UMYN_RELTYP")
    static let guardian = Slot(.disempowerment, "RELPNR")
    static let guardianSince = Slot(.disempowerment, "START_DT-RELPNR_PNR")
}

enum F022 {
    static let old = Slot(.historicalPNR, "PNR-TIDLIGERE")
    static let from = Slot(.historicalPNR, "START_DT-PERSON")
    static let to = Slot(.historicalPNR, "SLUT_DT-PERSON")
}

enum F023 {
    static let annkor = Slot(.historicalAddress, "ANNKOR")
    static let municipality = Slot(.historicalAddress, "KOMKOD")
    static let road = Slot(.historicalAddress, "VEJKOD")
    static let houseNumber = Slot(.historicalAddress, "HUSNR")
    static let floor = Slot(.historicalAddress, "ETAGE")
    static let door = Slot(.historicalAddress, "SIDEDOER")
    static let coName = Slot(.historicalAddress, "CONVN")
    static let movedIn = Slot(.historicalAddress, "TILFLYDTO")
    static let movedOut = Slot(.historicalAddress, "FRAFLYDTO")
}

enum F024 {
    static let annkor = Slot(.historicalDeparture, "ANNKOR")
    static let departedTo = Slot(.historicalDeparture, "UDR_LANDEKOD")
    static let departed = Slot(.historicalDeparture, "UDRDTO")
    static let arrivedFrom = Slot(.historicalDeparture, "INDR_LANDEKOD")
    static let arrived = Slot(.historicalDeparture, "INDRDTO")
    static let lines = (1...5).map { Slot(.historicalDeparture, "UDLANDADR\($0)") }
}

enum F025 {
    static let annkor = Slot(.historicalDisappearance, "ANNKOR")
    static let from = Slot(.historicalDisappearance, "FORSVINDDTO")
    static let found = Slot(.historicalDisappearance, "GENFINDDTO")
}

enum F026 {
    static let annkor = Slot(.historicalName, "ANNKOR")
    static let first = Slot(.historicalName, "FORNVN")
    static let middle = Slot(.historicalName, "MELNVN")
    static let last = Slot(.historicalName, "EFTERNVN")
    static let from = Slot(.historicalName, "NVNHAENSTART")
    static let to = Slot(.historicalName, "NVNHAENSLUT")
}

enum F027 {
    static let annkor = Slot(.historicalCitizenship, "ANNKOR")
    static let country = Slot(.historicalCitizenship, "LANDEKOD")
    static let from = Slot(.historicalCitizenship, "HAENSTART-STATSBORGERSKAB")
    static let to = Slot(.historicalCitizenship, "HAENSLUT-STATSBORGERSKAB")
}

enum F028 {
    static let code = Slot(.historicalChurchInformation, "FKIRK")
    static let from = Slot(.historicalChurchInformation, "START_DT-FOLKEKIRKE")
    static let to = Slot(.historicalChurchInformation, "SLUT_DT-FOLKEKIRKE")
}

enum F029 {
    static let annkor = Slot(.historicalCivilStatus, "ANNKOR")
    static let code = Slot(.historicalCivilStatus, "CIVST")
    static let spouse = Slot(.historicalCivilStatus, "AEGTEPNR")
    static let from = Slot(.historicalCivilStatus, "HAENSTART-CIVILSTAND")
    static let to = Slot(.historicalCivilStatus, "HAENSLUT-CIVILSTAND")
}

enum F030 {
    static let annkor = Slot(.historicalSeparation, "ANNKOR")
    static let key = Slot(.historicalSeparation, "SEP_HENVIS-SEPARATION")
    static let from = Slot(.historicalSeparation, "START_DT-SEPARATION")
    static let to = Slot(.historicalSeparation, "SLUT_DT-SEPARATION")
}

enum F099 {
    static let timestamp = Slot(.event, "TIMESTAMPU")
    static let code = Slot(.event, "HAENDELSE")
    static let marker = Slot(.event, "AFLEDTMRK")
}

enum F997 {
    static let timestamp = Slot(.subscriptionDeletionReceipt, "TIMESTAMPU")
    static let code = Slot(.subscriptionDeletionReceipt, "HAENDELSE")
}
