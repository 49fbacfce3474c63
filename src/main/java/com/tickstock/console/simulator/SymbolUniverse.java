package com.tickstock.console.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated stock universe: well-known US listings with price levels close to where they
 * traded in 2025, their tape (listing venue) and a relative activity weight.
 *
 * <p>Immutable and shared by every connection of every server.
 */
final class SymbolUniverse {

    /**
     * One listed symbol.
     *
     * @param symbol    ticker
     * @param basePrice reference price the random walk starts from and is pulled back to
     * @param tape      1 NYSE, 2 NYSE Arca/American, 3 Nasdaq
     * @param weight    relative share of the symbol in a wildcard stream (front of the list trades more)
     * @param index     position in the universe, stable for a given list
     */
    record Listing(String symbol, double basePrice, int tape, double weight, int index) {
    }

    // SYMBOL PRICE LISTING (N = NYSE, A = NYSE Arca/American, Q = Nasdaq), most active first.
    private static final String LISTINGS = """
            NVDA 181.50 Q  TSLA 430.20 Q  AAPL 254.30 Q  SPY 664.40 A  QQQ 598.70 Q  AMD 164.70 Q
            MSFT 511.40 Q  AMZN 219.60 Q  META 743.80 Q  GOOGL 246.50 Q  GOOG 247.20 Q  AVGO 336.90 Q
            PLTR 179.40 Q  INTC 36.80 Q  IWM 242.70 A  SOXL 37.40 A  TQQQ 101.30 Q  SQQQ 15.20 Q
            F 11.90 N  BAC 51.20 N  NFLX 1210.40 Q  SMCI 46.30 Q  MU 187.60 Q  COIN 352.80 Q
            MSTR 318.40 Q  HOOD 141.30 Q  SOFI 27.40 Q  NIO 7.30 N  PFE 24.80 N  T 28.30 N
            JPM 307.20 N  XOM 114.30 N  WMT 101.90 Q  ORCL 283.50 N  UBER 97.80 N  BABA 178.40 N
            CSCO 68.40 Q  KO 67.30 N  DIS 112.60 N  C 99.80 N  WFC 81.90 N  VZ 43.60 N
            XLF 53.40 A  XLE 89.50 A  TLT 89.70 Q  GLD 365.40 A  SLV 42.60 A  HYG 80.90 A
            LQD 111.20 A  EEM 52.60 A  EFA 92.40 A  FXI 40.10 A  KWEB 38.90 A  ARKK 80.60 A
            DIA 463.20 A  VOO 609.80 A  VTI 327.50 A  XLK 281.40 A  XLV 139.70 A  XLI 153.20 A
            XLY 238.40 A  XLP 78.90 A  XLU 85.60 A  SMH 305.20 Q  TSM 282.30 N  ASML 965.40 Q
            ARM 147.60 Q  QCOM 165.80 Q  TXN 183.40 Q  ADI 245.90 Q  MRVL 76.20 Q  ON 49.80 Q
            AMAT 196.40 Q  LRCX 133.80 Q  KLAC 1045.60 Q  SNPS 458.20 Q  CDNS 351.70 Q  NXPI 223.40 Q
            MCHP 64.90 Q  ADBE 352.40 Q  CRM 243.60 N  NOW 918.30 N  INTU 676.80 Q  IBM 281.70 N
            SHOP 148.90 Q  SNOW 226.40 N  CRWD 487.50 Q  PANW 203.80 Q  FTNT 84.30 Q  ZS 289.60 Q
            NET 213.70 N  DDOG 141.20 Q  MDB 316.90 Q  TEAM 158.40 Q  WDAY 238.10 Q  ADSK 317.60 Q
            PYPL 68.30 Q  SQ 76.40 N  AFRM 73.80 Q  UPST 52.40 Q  V 345.60 N  MA 571.30 N
            AXP 334.80 N  GS 786.40 N  MS 158.90 N  SCHW 95.70 N  BLK 1162.30 N  SPGI 487.40 N
            CME 268.40 Q  ICE 168.90 N  BX 171.60 N  KKR 130.20 N  APO 135.80 N  USB 48.70 N
            PNC 199.40 N  TFC 45.80 N  COF 214.30 N  BK 108.60 N  STT 114.20 N  MET 81.40 N
            PRU 103.60 N  AIG 78.90 N  CB 279.40 N  PGR 244.80 N  TRV 276.10 N  ALL 203.70 N
            BRK.B 497.80 N  UNH 345.60 N  LLY 812.40 N  JNJ 186.90 N  ABBV 228.40 N  MRK 83.70 N
            ABT 133.60 N  TMO 478.90 N  DHR 197.80 N  AMGN 286.40 Q  GILD 112.70 Q  BMY 44.80 N
            CVS 76.30 N  CI 291.40 N  ELV 318.60 N  HUM 261.80 N  ISRG 447.30 Q  SYK 370.40 N
            MDT 94.60 N  BSX 99.70 N  VRTX 393.80 Q  REGN 562.40 Q  MRNA 25.90 Q  BIIB 139.60 Q
            ZTS 145.30 N  HCA 415.80 N  MCK 760.40 N  COR 301.60 N  NVO 56.40 N  AZN 76.80 Q
            PG 154.20 N  PEP 142.30 Q  COST 921.60 Q  HD 406.80 N  LOW 251.40 N  TGT 90.20 N
            MCD 303.70 N  SBUX 84.60 Q  NKE 69.40 N  LULU 171.30 Q  CMG 39.80 N  YUM 148.60 N
            DPZ 428.60 Q  BKNG 5398.20 Q  ABNB 121.70 Q  MAR 262.40 Q  HLT 262.90 N  EXPE 214.80 Q
            DAL 58.60 N  UAL 97.40 Q  AAL 12.40 Q  LUV 32.10 N  CCL 29.60 N  RCL 325.40 N
            NCLH 24.80 N  BA 216.30 N  LMT 487.60 N  RTX 158.40 N  NOC 578.30 N  GD 323.80 N
            GE 299.60 N  HON 211.40 Q  CAT 476.80 N  DE 458.30 N  MMM 154.70 N  UPS 84.20 N
            FDX 236.80 N  UNP 222.60 N  CSX 35.80 N  NSC 287.40 N  ETN 374.60 N  EMR 131.80 N
            ITW 259.40 N  PH 751.20 N  ROK 345.80 N  CMI 412.70 N  PCAR 97.80 Q  URI 950.40 N
            WM 221.60 N  RSG 229.40 N  GWW 953.80 N  FAST 41.30 Q  ODFL 141.80 Q  JBHT 134.60 Q
            CVX 155.40 N  COP 94.30 N  OXY 47.20 N  EOG 112.40 N  SLB 34.60 N  HAL 24.30 N
            MPC 188.70 N  VLO 167.40 N  PSX 133.60 N  KMI 27.60 N  WMB 62.40 N  OKE 72.30 N
            DVN 34.80 N  FANG 143.20 Q  APA 23.70 Q  CTRA 24.10 N  EQT 53.60 N  LNG 219.40 N
            NEE 75.40 N  DUK 122.60 N  SO 93.80 N  D 60.40 N  AEP 111.80 N  EXC 44.70 Q
            SRE 88.60 N  XEL 79.60 Q  PCG 15.30 N  CEG 327.40 Q  VST 198.60 N  NRG 156.80 N
            LIN 475.40 N  APD 287.60 N  SHW 344.80 N  ECL 271.40 N  DD 77.60 N  DOW 23.40 N
            NEM 82.40 N  FCX 39.60 N  NUE 134.70 N  STLD 137.20 Q  CLF 12.30 N  AA 32.80 N
            X 54.60 N  MOS 34.20 N  CF 88.40 N  ALB 82.60 N  VMC 289.40 N  MLM 621.80 N
            AMT 189.40 N  PLD 113.60 N  CCI 96.80 N  EQIX 784.60 Q  PSA 289.70 N  O 58.60 N
            SPG 176.40 N  WELL 166.30 N  DLR 169.80 N  VICI 32.40 N  AVB 201.40 N  EQR 64.80 N
            TMUS 236.80 Q  CMCSA 31.40 Q  CHTR 278.60 Q  WBD 19.40 Q  PARA 18.60 Q  FOXA 59.80 Q
            SPOT 712.40 N  RBLX 129.60 N  EA 201.80 Q  TTWO 251.40 Q  U 40.20 N  ROKU 98.70 Q
            PINS 33.40 N  SNAP 8.20 N  RDDT 226.80 N  DASH 268.40 Q  LYFT 21.30 Q  ZM 80.60 Q
            DOCU 73.40 Q  OKTA 91.60 Q  TWLO 102.80 N  HUBS 478.30 N  ESTC 86.40 N  PATH 12.60 N
            AI 17.80 N  IONQ 63.40 N  RGTI 34.60 Q  QBTS 22.80 N  SOUN 15.60 Q  BBAI 6.80 N
            RIVN 13.60 Q  LCID 21.40 Q  GM 59.40 N  STLA 9.80 N  TM 188.60 N  HMC 33.40 N
            XPEV 21.40 N  LI 24.60 Q  CHWY 36.80 N  ETSY 63.40 N  EBAY 91.20 Q  W 82.60 N
            GME 24.60 N  AMC 3.10 N  BB 4.30 N  PLUG 1.90 Q  FCEL 6.20 Q  RUN 17.40 Q
            ENPH 37.20 Q  FSLR 226.40 Q  SEDG 37.80 Q  CHPT 11.40 N  QS 12.80 N  BLNK 1.40 Q
            MARA 18.70 Q  RIOT 18.40 Q  CLSK 13.60 Q  HUT 32.60 Q  BITF 2.80 Q  CIFR 13.80 Q
            IBIT 65.40 Q  ETHA 33.80 Q  BITO 19.60 A  GBTC 89.40 A  FBTC 100.20 A  ARKB 37.60 A
            DELL 131.80 N  HPQ 27.40 N  HPE 24.60 N  ANET 146.80 N  WDC 118.60 Q  STX 228.40 Q
            NTAP 118.40 Q  PSTG 84.60 N  APH 124.80 N  TEL 218.60 N  GLW 81.40 N  JBL 219.40 N
            KEYS 168.60 N  ZBRA 296.40 Q  TER 136.80 Q  ENTG 90.40 Q  MPWR 914.60 Q  SWKS 76.40 Q
            QRVO 91.20 Q  WOLF 24.60 N  GFS 34.80 Q  UMC 7.20 N  ASX 10.60 N  CRDO 146.30 Q
            ALAB 201.60 Q  VRT 128.40 N  COHR 104.60 N  LITE 167.40 Q  CIEN 141.80 N  NOK 4.80 N
            ERIC 8.20 Q  SONY 28.60 N  SAP 268.40 N  ACN 244.60 N  CTSH 67.80 Q  INFY 16.80 N
            EPAM 152.40 N  GIB 95.60 N  IT 246.80 N  FI 132.60 N  FIS 66.40 N  GPN 84.20 N
            ADP 294.60 Q  PAYX 139.80 Q  CPAY 322.40 N  WEX 158.60 N  TOST 36.80 N  FOUR 78.40 N
            MO 65.80 N  PM 157.60 N  BTI 55.40 N  STZ 134.60 N  TAP 46.80 N  BF.B 27.60 N
            KDP 26.40 Q  MNST 67.30 Q  KHC 26.80 Q  GIS 50.40 N  K 81.60 N  CPB 31.80 Q
            HSY 186.40 N  MDLZ 62.80 Q  CL 78.90 N  KMB 122.40 Q  CLX 121.60 N  CHD 87.60 N
            EL 86.40 N  ULTA 542.60 Q  TJX 143.80 N  ROST 151.60 Q  BURL 257.80 N  DG 102.60 N
            DLTR 98.40 Q  KR 66.80 N  SYY 80.60 N  ADM 59.80 N  BG 81.40 N  TSN 54.60 N
            HRL 24.60 N  CAG 18.60 N  SJM 106.40 N  KVUE 16.40 N  GEHC 74.60 Q  DXCM 67.40 Q
            IDXX 634.60 Q  IQV 189.40 N  A 128.60 N  MTD 1236.40 N  WAT 296.80 N  RMD 276.40 N
            EW 78.60 N  ZBH 98.40 N  BDX 186.40 N  BAX 23.60 N  HOLX 67.80 Q  ALGN 128.40 Q
            PODD 322.60 Q  TFX 121.40 N  STE 244.60 N  WST 256.80 N  CRL 152.40 N  INCY 82.60 Q
            ILMN 96.40 Q  EXAS 54.60 Q  TECH 56.80 Q  ALNY 452.40 Q  BMRN 54.20 Q  NBIX 138.60 Q
            UTHR 418.60 Q  SRPT 17.40 Q  HZNP 116.30 Q  JAZZ 131.60 Q  TEVA 19.60 N  VTRS 10.40 Q
            CNC 34.60 N  MOH 186.40 N  UHS 198.60 N  THC 196.40 N  DVA 134.60 N  LH 268.40 N
            DGX 179.60 N  CAH 154.30 N  OSCR 18.40 N  HIMS 56.80 N  TDOC 8.40 N  DOCS 71.60 N
            PLD 113.60 N  ARE 78.40 N  BXP 74.60 N  KIM 21.60 N  REG 71.40 Q  FRT 98.60 N
            INVH 29.40 N  MAA 141.60 N  ESS 266.40 N  UDR 37.60 N  CPT 107.40 N  EXR 143.60 N
            CUBE 40.80 N  IRM 101.40 N  SBAC 193.60 Q  WY 25.40 N  HST 17.40 Q  VTR 68.60 N
            AMH 33.60 N  ELS 61.40 N  SUI 127.40 N  LAMR 128.60 Q  EPR 56.40 N  NNN 42.60 N
            GOLD 32.60 N  AEM 164.80 N  WPM 112.60 N  FNV 218.40 N  KGC 24.60 N  AU 59.40 N
            RIO 66.40 N  BHP 56.80 N  VALE 10.80 N  SCCO 121.60 N  TECK 38.60 N  MP 72.40 N
            CCJ 82.60 N  UEC 12.40 A  NXE 7.80 N  OKLO 118.60 N  SMR 38.40 N  LEU 287.60 A
            ET 17.40 N  EPD 31.60 N  MPLX 51.40 N  PAA 17.80 Q  TRGP 168.60 N  LNG 219.40 N
            BP 34.60 N  SHEL 71.80 N  TTE 60.80 N  EQNR 24.40 N  PBR 12.60 N  E 34.60 N
            HES 148.60 N  MRO 28.40 N  PXD 262.40 N  CHK 94.60 Q  AR 32.60 N  RRC 36.80 N
            AAL 12.40 Q  JBLU 5.20 Q  ALK 52.60 N  SAVE 1.10 A  ULCC 5.60 Q  SKYW 104.60 Q
            TSCO 56.40 Q  AZO 4052.60 N  ORLY 101.60 Q  GPC 131.60 N  AAP 56.80 N  KMX 48.60 N
            CVNA 372.40 N  AN 212.60 N  LAD 318.40 N  PAG 168.60 N  HOG 26.80 N  F 11.90 N
            LEN 131.60 N  DHI 166.80 N  PHM 128.40 N  NVR 7864.60 N  TOL 136.40 N  KBH 64.60 N
            MHK 132.60 N  WHR 81.60 N  MAS 71.40 N  BLDR 128.60 N  TT 421.60 N  CARR 61.40 N
            JCI 111.40 N  LII 546.60 N  OTIS 91.40 N  AOS 72.60 N  SWK 75.80 N  SNA 336.40 N
            IR 82.60 N  XYL 142.60 N  DOV 168.40 N  AME 186.40 N  FTV 52.60 N  HUBB 428.60 N
            PWR 412.60 N  EME 636.40 N  FIX 942.60 N  J 151.60 N  ACM 127.40 N  FLR 43.60 N
            AXON 712.60 N  TDG 1312.40 N  HWM 196.40 N  TXT 81.60 N  LHX 286.40 N  HII 268.60 N
            LDOS 186.40 N  BAH 104.60 N  CACI 478.60 N  KTOS 86.40 Q  RKLB 47.60 Q  ASTS 46.80 Q
            SPCE 3.40 N  JOBY 15.80 N  ACHR 11.60 N  LUNR 11.40 Q  PL 12.60 N  RDW 7.80 N
            """;

    private static final SymbolUniverse INSTANCE = parse(LISTINGS);

    private final List<Listing> listings;
    private final Map<String, Listing> bySymbol;

    private SymbolUniverse(List<Listing> listings) {
        this.listings = Collections.unmodifiableList(listings);
        Map<String, Listing> map = new HashMap<>();
        for (Listing l : listings) {
            map.put(l.symbol(), l);
        }
        this.bySymbol = Collections.unmodifiableMap(map);
    }

    private static final java.util.regex.Pattern TICKER = java.util.regex.Pattern.compile("[A-Z][A-Z0-9.]{0,9}");
    /** Bounds what clients can make the simulator remember by subscribing to made-up names. */
    private static final int MAX_SYNTHESIZED = 20_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Listing> synthesized =
            new java.util.concurrent.ConcurrentHashMap<>();

    static SymbolUniverse standard() {
        return INSTANCE;
    }

    /** Bounds a full-market tape: every name is a live tape once a client subscribes to a wildcard. */
    static final int MAX_FULL_MARKET = 15_000;

    /**
     * Skew of a full-market tape: a name's share falls with its rank like {@code 1/(rank+4)^1.2}, so the few hundred
     * most active names carry about three quarters of the trades and thousands of names trade a few times a minute,
     * as on the real consolidated tape.
     */
    private static final double FULL_MARKET_SKEW = 1.2;

    /**
     * The whole market: the table's listings first (most active), then made-up names ({@code ZAAA}, {@code ZAAB}, ...
     * all starting with a letter the table's tail does not crowd) up to {@code tickers} in all, every name weighted by
     * its rank. Deterministic: the same size gives the same names and weights.
     */
    static SymbolUniverse fullMarket(int tickers) {
        if (tickers < 1 || tickers > MAX_FULL_MARKET) {
            throw new IllegalArgumentException("full market must have 1.." + MAX_FULL_MARKET + " tickers, was " + tickers);
        }
        List<Listing> out = new ArrayList<>(tickers);
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Listing l : INSTANCE.listings) {
            if (out.size() == tickers) {
                break;
            }
            out.add(ranked(l.symbol(), l.basePrice(), l.tape(), out.size()));
            taken.add(l.symbol());
        }
        for (int n = 0; out.size() < tickers; n++) {
            String name = generatedName(n);
            if (taken.add(name)) {
                Listing made = synthesize(name);
                out.add(ranked(name, made.basePrice(), made.tape(), out.size()));
            }
        }
        return new SymbolUniverse(out);
    }

    private static Listing ranked(String symbol, double price, int tape, int rank) {
        return new Listing(symbol, price, tape, 1.0 / Math.pow(rank + 4, FULL_MARKET_SKEW), rank);
    }

    /** The n-th four-letter name after {@code Z}: ZAAA, ZAAB, ... (17,576 names). */
    private static String generatedName(int n) {
        char[] name = {'Z', 'A', 'A', 'A'};
        int rest = n;
        for (int i = 3; i >= 1; i--) {
            name[i] = (char) ('A' + rest % 26);
            rest /= 26;
        }
        if (rest > 0) {
            throw new IllegalStateException("no more generated names after " + n);
        }
        return new String(name);
    }

    List<Listing> listings() {
        return listings;
    }

    /**
     * The listing of {@code symbol}. A well-formed ticker missing from the table gets a listing
     * made up from its name (a stable price level and venue), because the real feed serves every
     * listed ticker and the console's universes name far more than this table: a subscribed
     * ticker that never trades would look like a fault. Returns {@code null} for malformed names.
     */
    Listing find(String symbol) {
        Listing known = bySymbol.get(symbol);
        if (known != null || !TICKER.matcher(symbol).matches()) {
            return known;
        }
        if (synthesized.size() >= MAX_SYNTHESIZED) {
            return synthesized.get(symbol);
        }
        return synthesized.computeIfAbsent(symbol, SymbolUniverse::synthesize);
    }

    private static Listing synthesize(String symbol) {
        // A stable, roughly log-uniform price level between $5 and $500 from the name alone.
        int hash = symbol.hashCode() & 0x7fffffff;
        double price = Math.round(5 * Math.pow(100, (hash % 10_000) / 10_000.0) * 100) / 100.0;
        int tape = 1 + (hash / 10_000) % 3;
        return new Listing(symbol, price, tape, 0.01, -1);
    }

    int size() {
        return listings.size();
    }

    private static SymbolUniverse parse(String text) {
        String[] tokens = text.trim().split("\\s+", -1);
        if (tokens.length % 3 != 0) {
            throw new IllegalStateException("symbol table is not SYMBOL PRICE LISTING triples");
        }
        List<Listing> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (int i = 0; i < tokens.length; i += 3) {
            String sym = tokens[i];
            if (seen.putIfAbsent(sym, Boolean.TRUE) != null) {
                continue; // a duplicate line in the table must not double a symbol's weight
            }
            double price = Double.parseDouble(tokens[i + 1]);
            int tape = switch (tokens[i + 2]) {
                case "N" -> 1;
                case "A" -> 2;
                case "Q" -> 3;
                default -> throw new IllegalStateException("bad listing venue for " + sym);
            };
            int rank = out.size();
            // Activity falls off with rank like real volume does: the top names dominate a wildcard feed.
            double weight = 1.0 / Math.pow(rank + 4, 0.9);
            out.add(new Listing(sym, price, tape, weight, rank));
        }
        return new SymbolUniverse(out);
    }
}
