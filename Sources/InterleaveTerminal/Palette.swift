import CNCurses
import InterleaveUI

/// The colour of each role (``ColorRole/monochrome`` says how a role shows without colour).
enum Palette {
    /// Foreground and background (-1: the terminal's default) of each role.
    static func colours(_ role: ColorRole) -> (Int16, Int16) {
        switch role {
        case .text: return (-1, -1)
        case .dim: return (Int16(COLOR_BLUE), -1)
        case .header: return (Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        case .statusBar: return (Int16(COLOR_BLACK), Int16(COLOR_WHITE))
        case .selection: return (Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        case .highlight: return (Int16(COLOR_YELLOW), -1)
        case .alarm: return (Int16(COLOR_WHITE), Int16(COLOR_RED))
        case .success: return (Int16(COLOR_GREEN), -1)
        case .running: return (Int16(COLOR_GREEN), -1)
        case .ready: return (Int16(COLOR_CYAN), -1)
        case .gilWait: return (Int16(COLOR_YELLOW), -1)
        case .lockWait: return (Int16(COLOR_RED), -1)
        case .joinWait: return (Int16(COLOR_MAGENTA), -1)
        case .objectWait: return (Int16(COLOR_MAGENTA), -1)
        case .sleeping: return (Int16(COLOR_BLUE), -1)
        case .finished: return (-1, -1)
        case .lockHeld: return (Int16(COLOR_RED), -1)
        case .candidate: return (Int16(COLOR_BLACK), Int16(COLOR_GREEN))
        case .warning: return (Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        // Not red (errors) nor the default: six a thread's letter can be told by.
        case .tag0: return (Int16(COLOR_CYAN), -1)
        case .tag1: return (Int16(COLOR_GREEN), -1)
        case .tag2: return (Int16(COLOR_YELLOW), -1)
        case .tag3: return (Int16(COLOR_MAGENTA), -1)
        case .tag4: return (Int16(COLOR_BLUE), -1)
        case .tag5: return (Int16(COLOR_WHITE), -1)
        }
    }

    /// Pair number of a role (pair 0 is the terminal's default).
    static func pair(_ role: ColorRole) -> Int16 { Int16(role.rawValue) + 1 }

    static func install() {
        for role in ColorRole.allCases {
            let (foreground, background) = colours(role)
            init_pair(pair(role), foreground, background)
        }
    }
}
