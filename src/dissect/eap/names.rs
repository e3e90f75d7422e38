//! Names of EAP codes, method types (IANA "Method Types"), EAP-SIM/AKA subtypes and attributes,
//! and MS-CHAP-v2 opcodes, as tshark shows them.

/// An EAP code's name.
pub fn code(c: u8) -> Option<&'static str> {
    Some(match c {
        1 => "Request",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        5 => "Initiate",
        6 => "Finish",
        _ => return None,
    })
}

/// An EAP method type's name.
pub fn method(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Identity",
        2 => "Notification",
        3 => "Legacy Nak (Response Only)",
        4 => "MD5-Challenge EAP (EAP-MD5-CHALLENGE)",
        5 => "One-Time Password EAP (EAP-OTP)",
        6 => "Generic Token Card EAP (EAP-GTC)",
        7 => "Allocated",
        8 => "Allocated",
        9 => "RSA Public Key Authentication EAP (EAP-RSA-PKA)",
        10 => "DSS Unilateral EAP (EAP-DSS)",
        11 => "KEA EAP (EAP-KEA)",
        12 => "KEA Validate EAP (EAP-KEA-VALIDATE)",
        13 => "TLS EAP (EAP-TLS)",
        14 => "Defender Token EAP (EAP-AXENT)",
        15 => "RSA Security SecurID EAP (EAP-RSA-SECURID)",
        16 => "Arcot Systems EAP (EAP-ARCOT-SYSTEMS)",
        17 => "Cisco Wireless EAP / Lightweight EAP (EAP-LEAP)",
        18 => "GSM Subscriber Identity Modules EAP (EAP-SIM)",
        19 => "Secure Remote Password SHA1 Part 1 EAP (EAP-SRP-SHA1-PART1)",
        20 => "Secure Remote Password SHA1 Part 2 EAP (EAP-SRP-SHA1-PART2)",
        21 => "Tunneled TLS EAP (EAP-TTLS)",
        22 => "Remote Access Service EAP (EAP-RAS)",
        23 => "UMTS Authentication and Key Agreement EAP (EAP-AKA)",
        24 => "3Com Wireless EAP (EAP-3COM-WIRELESS)",
        25 => "Protected EAP (EAP-PEAP)",
        26 => "MS-Authentication EAP (EAP-MS-AUTH)",
        27 => "Mutual Authentication w/Key Exchange EAP (EAP-MAKE)",
        28 => "CRYPTOCard EAP (EAP-CRYPTOCARD)",
        29 => "MS-CHAP-v2 EAP (EAP-MS-CHAP-V2)",
        30 => "DynamID EAP (EAP-DYNAMID)",
        31 => "Rob EAP (EAP-ROB)",
        32 => "Protected One-Time Password EAP (EAP-POTP)",
        33 => "MS-Authentication TLV EAP (EAP-MS-AUTH-TLV)",
        34 => "SentriNET (EAP-SENTRINET)",
        35 => "Actiontec Wireless EAP (EAP-ACTIONTEC-WIRELESS)",
        36 => "Cogent Systems Biometrics Authentication EAP (EAP-COGENT-BIOMETRIC)",
        37 => "AirFortress EAP (EAP-AIRFORTRESS)",
        38 => "HTTP Digest EAP (EAP-HTTP-DIGEST)",
        39 => "SecureSuite EAP (EAP-SECURESUITE)",
        40 => "DeviceConnect EAP (EAP-DEVICECONNECT)",
        41 => "Simple Password Exponential Key Exchange EAP (EAP-SPEKE)",
        42 => "MOBAC EAP (EAP-MOBAC)",
        43 => "Flexible Authentication via Secure Tunneling EAP (EAP-FAST)",
        44 => "ZoneLabs EAP (EAP-ZLXEAP)",
        45 => "Link EAP (EAP-LINK)",
        46 => "Password Authenticated eXchange EAP (EAP-PAX)",
        47 => "Pre-Shared Key EAP (EAP-PSK)",
        48 => "Shared-secret Authentication and Key Establishment EAP (EAP-SAKE)",
        49 => "Internet Key Exchange v2 EAP (EAP-IKEv2)",
        50 => "UMTS Authentication and Key Agreement' EAP (EAP-AKA')",
        51 => "Generalized Pre-Shared Key EAP (EAP-GPSK)",
        52 => "Password EAP (EAP-pwd)",
        53 => "Encrypted Key Exchange v1 EAP (EAP-EKEv1)",
        55 => "Tunneled EAP protocol",
        254 => "Expanded Type",
        255 => "Experimental",
        _ => return None,
    })
}

/// An EAP-SIM subtype's name.
pub fn sim_subtype(t: u8) -> Option<&'static str> {
    Some(match t {
        10 => "Start",
        11 => "Challenge",
        12 => "Notification",
        13 => "Re-authentication",
        14 => "Client-Error",
        _ => return None,
    })
}

/// An EAP-AKA subtype's name.
pub fn aka_subtype(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "AKA-Challenge",
        2 => "AKA-Authentication-Reject",
        4 => "AKA-Synchronization-Failure",
        5 => "AKA-Identity",
        12 => "Notification",
        13 => "Re-authentication",
        14 => "Client-Error",
        _ => return None,
    })
}

/// An EAP-SIM/AKA attribute's name.
pub fn sim_attribute(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "AT_RAND",
        2 => "AT_AUTN",
        3 => "AT_RES",
        4 => "AT_AUTS",
        6 => "AT_PADDING",
        7 => "AT_NONCE_MT",
        10 => "AT_PERMANENT_ID_REQ",
        11 => "AT_MAC",
        12 => "AT_NOTIFICATION",
        13 => "AT_ANY_ID_REQ",
        14 => "AT_IDENTITY",
        15 => "AT_VERSION_LIST",
        16 => "AT_SELECTED_VERSION",
        17 => "AT_FULLAUTH_ID_REQ",
        19 => "AT_COUNTER",
        20 => "AT_COUNTER_TOO_SMALL",
        21 => "AT_NONCE_S",
        22 => "AT_CLIENT_ERROR_CODE",
        23 => "AT_KDF_INPUT",
        24 => "AT_KDF",
        129 => "AT_IV",
        130 => "AT_ENCR_DATA",
        132 => "AT_NEXT_PSEUDONYM",
        133 => "AT_NEXT_REAUTH_ID",
        134 => "AT_CHECKCODE",
        135 => "AT_RESULT_IND",
        136 => "AT_BIDDING",
        137 => "AT_IPMS_IND",
        138 => "AT_IPMS_RES",
        139 => "AT_TRUST_IND",
        140 => "AT_SHORT_NAME_FOR_NETWORK",
        141 => "AT_FULL_NAME_FOR_NETWORK",
        142 => "AT_RQSI_IND",
        143 => "AT_RQSI_RES",
        144 => "AT_TWAN_CONN_MODE",
        145 => "AT_VIRTUAL_NETWORK_ID",
        146 => "AT_VIRTUAL_NETWORK_REQ",
        147 => "AT_CONNECTIVITY_TYPE",
        148 => "AT_HANDOVER_INDICATION",
        149 => "AT_HANDOVER_SESSION_ID",
        150 => "AT_MN_SERIAL_ID",
        151 => "AT_DEVICE_IDENTITY",
        _ => return None,
    })
}

/// An MS-CHAP-v2 opcode's name.
pub fn ms_chap_v2_opcode(op: u8) -> Option<&'static str> {
    Some(match op {
        1 => "Challenge",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        7 => "Change-Password",
        _ => return None,
    })
}
