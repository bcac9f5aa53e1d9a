/*
 * action: every action of the UI, declared once: its id, the name the key
 * bindings (keys.txt, keymap.h) and the record's lifecycle use, and its
 * help in both languages. Screens switch on the id; the bottom bar and
 * the help screen show the help text. The generic actions (back, help,
 * quit, movement) are bound on every screen unless a screen binds the key
 * to something else; the frame (ui.c) does back, help and quit for a
 * screen that leaves them.
 */
#ifndef DW_UI_ACTION_H
#define DW_UI_ACTION_H

/* X(ID, "name", "中文", "English") */
#define UI_ACTIONS(X)                                                           \
	/* generic */                                                           \
	X(BACK, "back", "返回", "Back")                                         \
	X(HELP, "help", "帮助", "Help")                                         \
	X(QUIT, "quit", "退出", "Quit")                                         \
	X(UP, "up", "上移", "Up")                                               \
	X(DOWN, "down", "下移", "Down")                                         \
	X(PAGE_UP, "page_up", "上一页", "Page up")                              \
	X(PAGE_DOWN, "page_down", "下一页", "Page down")                        \
	X(FIRST, "first", "到第一行", "First")                                  \
	X(LAST, "last", "到最后一行", "Last")                                   \
	/* lists and home */                                                    \
	X(OPEN, "open", "打开", "Open")                                         \
	X(NEW_INSPECTION, "new_inspection", "新建检查", "New inspection")       \
	X(SITES, "sites", "工地", "Sites")                                      \
	X(INSPECTIONS, "inspections", "检查", "Inspections")                    \
	X(NOTICES, "notices", "整改通知", "Notices")                            \
	X(COMPLAINTS, "complaints", "投诉", "Complaints")                       \
	X(OTHERS, "others", "其他记录", "Other records")                        \
	X(SYNC, "sync", "同步", "Sync")                                         \
	X(NEXT_KIND, "kind", "换类别", "Next kind")                             \
	X(NEXT_STATUS, "status", "按状态筛选", "Filter by status")              \
	X(NEW, "new", "新建", "New")                                            \
	X(REVIEW, "review", "审核队列", "Review queue")                         \
	X(DASHBOARD, "dashboard", "年度看板", "Dashboard")                      \
	X(PREV_MONTH, "prev_month", "上个月", "Previous month")                 \
	X(NEXT_MONTH, "next_month", "下个月", "Next month")                     \
	/* the review queue */                                                  \
	X(SELECT, "select", "选中/取消", "Select")                              \
	X(NEWEST, "newest", "最新/最早在前", "Newest/oldest first")             \
	X(BY_INSPECTOR, "by_inspector", "按监督员", "By inspector")             \
	X(BY_SITE, "by_site", "按工地", "By site")                              \
	X(BY_DATE, "by_date", "按日期", "By date")                              \
	X(SEARCH, "search", "搜索", "Search")                                   \
	X(CLEAR_FILTERS, "clear_filters", "清除筛选", "Clear filters")          \
	/* a site's page */                                                     \
	X(NEW_NOTICE, "new_notice", "下达整改通知", "New notice")               \
	X(NEW_COMPLAINT, "new_complaint", "登记投诉", "New complaint")          \
	X(NEW_AGREEMENT, "new_agreement", "签订责任状", "New agreement")        \
	X(OPEN_RECORD, "open_record", "打开记录", "Open record")                \
	X(DETAILS, "details", "工地详情", "Site details")                       \
	X(SITE_QR, "site_qr", "工地二维码", "Site QR code")                     \
	X(PRINT_PLACARD, "print_placard", "打印公示牌", "Print placard")        \
	/* a record's page; the steps are named as the lifecycle's ops */      \
	X(EDIT, "edit", "修改", "Edit")                                         \
	X(APPROVE, "approve", "审核通过", "Approve")                            \
	X(RETURN, "return", "退回", "Return")                                   \
	X(RECTIFY, "rectify", "已整改", "Rectified")                            \
	X(HANDLE, "handle", "受理处理", "Handle")                               \
	X(REPLY, "reply", "已答复", "Replied")                                  \
	X(CLOSE, "close", "关闭", "Close")                                      \
	X(VOID, "void", "作废", "Void")                                         \
	X(QR, "qr", "二维码", "QR code")                                        \
	X(PRINT_NOTICE, "print_notice", "打印通知书", "Print notice")           \
	X(GO_SITE, "site", "去工地", "Go to site")                              \
	X(ATTACHMENT, "attachment", "打开附件", "Open attachment")              \
	X(DISCARD, "discard", "放弃未提交的修改", "Discard edits not submitted") \
	X(ISSUE_NOTICE, "issue_notice", "下达整改通知", "Issue notice")         \
	X(REINSPECT, "reinspect", "复查", "Re-inspect")                         \
	X(ESCALATE, "escalate", "升级停工整改", "Escalate to stop-work")        \
	/* home and the conflicts screen */                                    \
	X(CONFLICTS, "conflicts", "冲突", "Conflicts")                          \
	X(SETTLE, "settle", "采用此值", "Settle with this value")               \
	/* the form filler */                                                   \
	X(SUBMIT, "submit", "提交", "Submit")                                   \
	X(PROBLEM, "problem", "下一问题", "Next problem")                       \
	X(FILL, "fill", "填写 / 选择", "Fill in / choose")                      \
	X(CLEAR, "clear", "清除", "Clear")                                      \
	X(YES, "yes", "符合 / 是", "Compliant / yes")                           \
	X(NO, "no", "不符合 / 否", "Non-compliant / no")                        \
	X(NA, "na", "不适用", "Not applicable")                                 \
	X(TODAY, "today", "今天 / 现在", "Today / now")                         \
	X(LATER, "later", "后一天", "A day later")                              \
	X(EARLIER, "earlier", "前一天", "A day earlier")                        \
	X(GPS, "gps", "GPS定位", "Position from GPS")                           \
	X(ADD, "add", "添加一项", "Add an entry")                               \
	X(DELETE, "delete", "删除此项", "Delete the entry")                     \
	X(ITEM_UP, "item_up", "此项上移", "Move the entry up")                  \
	X(ITEM_DOWN, "item_down", "此项下移", "Move the entry down")            \
	/* pickers */                                                           \
	X(PICK, "pick", "选定", "Pick")                                         \
	X(OPEN_PICK, "open_pick", "打开/选定", "Open/Pick")                     \
	X(UP_FOLDER, "up_folder", "上一级", "Up a folder")                      \
	X(INTO_FOLDER, "into_folder", "进入文件夹", "Into the folder")          \
	X(PATH, "path", "输入路径", "Type a path")                              \
	X(ALL_FILES, "all", "全部文件/只看图片", "All files / images only")     \
	X(CANCEL, "cancel", "取消", "Cancel")                                   \
	/* the first run */                                                     \
	X(JOIN, "join", "加入监督站", "Join the station")                       \
	X(DEMO, "demo", "打开演示监督站", "Open a demo station")

typedef enum {
	ACT_NONE = -1,
#define ACT_ENUM(id, name, zh, en) ACT_##id,
	UI_ACTIONS(ACT_ENUM)
#undef ACT_ENUM
	ACT_COUNT
} ui_action_id;

/* The action's name ("back"), or NULL for one out of range. */
const char *action_name(ui_action_id a);
/* Its help text in lang ("zh" or "en"). */
const char *action_help(ui_action_id a, const char *lang);
/* The action called name, or ACT_NONE. */
ui_action_id action_by_name(const char *name);
/* 1 for the generic movement actions (up, down, page up/down, first, last). */
int action_is_move(ui_action_id a);

#endif
