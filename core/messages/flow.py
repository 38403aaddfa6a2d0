"""Messages of the ARS flow engine: reading a flow file, validation issues, node kinds, exits,
path outcomes and the call simulation.

Issue messages are shown after the node they concern ("[n4 · 메인 메뉴] ..."), so they do not
name it again; ``{exit}`` is an exit label, which the page names in words.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # reading a flow (core.flow.schema)
    "flow.schema.invalid": (
        "플로우 형식이 올바르지 않습니다(문제 {count}건).",
        "This is not a valid flow ({count} problem(s)).",
    ),
    "flow.schema.too_big": (
        "파일이 너무 큽니다. {mb}MB 이하의 플로우 파일만 가져올 수 있습니다.",
        "The file is too big: flow files of up to {mb} MB can be imported.",
    ),
    "flow.schema.not_utf8": (
        "UTF-8 텍스트 파일이 아닙니다. 내보낸 JSON 파일을 그대로 올려 주세요.",
        "The file is not UTF-8 text. Upload the exported JSON file as it is.",
    ),
    "flow.schema.bad_json": (
        "JSON을 읽을 수 없습니다: {line}행 {column}열 ({reason})",
        "The JSON cannot be read: line {line}, column {column} ({reason})",
    ),
    "flow.schema.not_object": (
        "플로우 파일의 맨 바깥은 JSON 객체여야 합니다.",
        "The top of a flow file must be a JSON object.",
    ),
    "flow.schema.nodes_list": ("'nodes'는 노드 목록이어야 합니다.", "'nodes' must be a list."),
    "flow.schema.edges_list": ("'edges'는 연결 목록이어야 합니다.", "'edges' must be a list."),
    "flow.schema.too_many": (
        "노드는 {nodes}개, 연결은 {edges}개까지 가능합니다.",
        "A flow can have at most {nodes} nodes and {edges} edges.",
    ),
    "flow.schema.variables": (
        "'variables'는 변수 이름(문자열) 목록이어야 합니다.",
        "'variables' must be a list of variable names.",
    ),
    "flow.schema.variable_name": (
        "변수 이름 '{name}'을(를) 쓸 수 없습니다. 영문자나 _로 시작하는 영문·숫자·_ 64자 이내로 "
        "지어 주세요.",
        "'{name}' cannot be a variable name: use up to 64 letters, digits or _, starting with a "
        "letter or _.",
    ),
    "flow.schema.node_object": (
        "{index}번째 노드가 객체가 아닙니다.",
        "Node number {index} is not an object.",
    ),
    "flow.schema.node_id": (
        "{index}번째 노드의 id가 없거나 올바르지 않습니다(64자 이내의 문자열).",
        "Node number {index} has no valid id (a string of up to 64 characters).",
    ),
    "flow.schema.duplicate_node": (
        "노드 id '{node}'이(가) 두 번 이상 쓰였습니다.",
        "The node id '{node}' is used more than once.",
    ),
    "flow.schema.unknown_kind": (
        "노드 '{node}'의 종류 '{kind}'을(를) 알 수 없습니다.",
        "Node '{node}' has an unknown kind '{kind}'.",
    ),
    "flow.schema.field": (
        "노드 '{node}'의 '{field}' 값이 올바르지 않습니다.",
        "Node '{node}' has an invalid '{field}'.",
    ),
    "flow.schema.option_key": (
        "노드 '{node}'의 메뉴 선택지 키 '{phone_key}'은(는) 전화기 키(0-9, *, #)가 아닙니다.",
        "Node '{node}' has a menu option '{phone_key}' that is not a phone key (0-9, *, #).",
    ),
    "flow.schema.edge_object": (
        "{index}번째 연결이 객체가 아닙니다.",
        "Edge number {index} is not an object.",
    ),
    "flow.schema.edge_fields": (
        "{index}번째 연결에 id·source·target이 없거나 label이 문자열이 아닙니다.",
        "Edge number {index} lacks an id, source or target, or its label is not text.",
    ),
    "flow.schema.duplicate_edge": (
        "연결 id '{edge}'이(가) 두 번 이상 쓰였습니다.",
        "The edge id '{edge}' is used more than once.",
    ),
    "flow.schema.dangling_edge": (
        "연결 '{edge}'이(가) 없는 노드 '{node}'을(를) 가리킵니다.",
        "Edge '{edge}' points at a node that does not exist: '{node}'.",
    ),
    # validation issues (core.flow.validation), shown after the node they concern
    "flow.issue.no_start": (
        "시작 노드가 없습니다. 통화가 시작될 시작 노드를 하나 추가하세요.",
        "There is no start node: add one where calls begin.",
    ),
    "flow.issue.many_starts": (
        "시작 노드가 둘 이상입니다. 통화는 {first}에서 시작하니 이 노드는 지우세요.",
        "There is more than one start node. Calls begin at {first}: remove this one.",
    ),
    "flow.issue.unreachable": (
        "시작에서 이어지는 길이 없어 어떤 통화도 이 단계에 오지 않습니다.",
        "No call can get here: nothing leads here from the start.",
    ),
    "flow.issue.missing_prompt": (
        "안내 멘트가 비어 있습니다. 문구를 쓰거나 멘트 라이브러리에서 고르세요.",
        "The prompt is empty: write its text or pick one from the prompt library.",
    ),
    "flow.issue.unknown_prompt": (
        "연결된 멘트(#{prompt})가 멘트 라이브러리에 없습니다. 다른 멘트를 고르세요.",
        "The linked prompt (#{prompt}) is not in the prompt library: pick another.",
    ),
    "flow.issue.missing_exit": (
        "'{exit}' 출구가 연결되지 않았습니다. 다음 단계를 정해 주세요.",
        "The '{exit}' exit is not connected: choose where it goes.",
    ),
    "flow.issue.invalid_exit": (
        "이 종류의 단계에는 '{exit}' 출구를 둘 수 없습니다. 연결을 지우세요.",
        "This kind of step cannot have a '{exit}' exit: remove the edge.",
    ),
    "flow.issue.duplicate_key": (
        "'{exit}'이(가) 두 번 쓰였습니다. 하나만 남기세요.",
        "'{exit}' is there twice: keep one.",
    ),
    "flow.issue.menu_key_without_target": (
        "메뉴 선택지 {phone_key}번을 눌렀을 때 갈 단계가 연결되지 않았습니다.",
        "Menu option {phone_key} is not connected to a next step.",
    ),
    "flow.issue.undeclared_key": (
        "{phone_key}번 출구가 메뉴 선택지에 없습니다. 선택지에 추가하거나 연결을 지우세요.",
        "Key {phone_key} has an exit but is not one of the menu's options: add it, or remove "
        "the edge.",
    ),
    "flow.issue.exit_from_terminal": (
        "종료·상담원 연결 단계에서는 다른 단계로 이어질 수 없습니다. 연결을 지우세요.",
        "An end or transfer step finishes the flow and cannot lead anywhere: remove the edge.",
    ),
    "flow.issue.input_without_variable": (
        "입력받은 번호를 저장할 변수 이름이 없습니다.",
        "There is no variable to keep the keyed digits in.",
    ),
    "flow.issue.condition_without_variable": (
        "비교할 변수가 정해지지 않았습니다.",
        "There is no variable to compare.",
    ),
    "flow.issue.variable_before_set": (
        "변수 {variable}이(가) 값이 정해지지 않은 채로 쓰일 수 있습니다. 이 단계로 오는 모든 "
        "경로에서 먼저 입력받거나 통화 데이터 변수로 추가하세요.",
        "{variable} may be used before it has a value: key it in on every path here first, or "
        "add it to the call data variables.",
    ),
    "flow.issue.empty_queue": (
        "연결할 상담 대기열이 정해지지 않았습니다.",
        "There is no queue to transfer the call to.",
    ),
    "flow.issue.loop_without_counter": (
        "고객이 아무것도 하지 않아도 끝없이 도는 순환이 있습니다({nodes}). 재시도 초과 출구를 "
        "연결해 끝나게 하세요.",
        "Calls can go round this loop with the caller doing nothing ({nodes}): connect a retry "
        "limit exit to end it.",
    ),
    "flow.issue.too_many_options": (
        "메뉴 선택지가 {count}개입니다. 듣고 고르기 쉽게 {max}개 이하로 줄이거나 하위 메뉴로 "
        "나누세요.",
        "The menu offers {count} choices; callers follow {max} or fewer more easily: shorten it "
        "or split it into sub-menus.",
    ),
    "flow.issue.long_wait": (
        "바로 응답한 고객도 상담원 연결까지 최대 {seconds}초를 기다립니다(기준 {limit}초, "
        "누른 키: {keys}).",
        "Even a caller who answers at once can wait up to {seconds} s to reach an agent here "
        "(limit {limit} s; keys: {keys}).",
    ),
    "flow.severity.error": ("오류", "Error"),
    "flow.severity.warning": ("경고", "Warning"),
    # path outcomes
    "flow.outcome.end": ("종료", "End"),
    "flow.outcome.transfer": ("상담원 연결", "Transfer"),
    "flow.outcome.loop": ("반복 중단", "Loop"),
    "flow.outcome.stuck": ("진행 불가", "Stuck"),
    # node kinds
    "flow.kind.start": ("시작", "Start"),
    "flow.kind.message": ("안내 멘트", "Message"),
    "flow.kind.menu": ("메뉴", "Menu"),
    "flow.kind.input": ("번호 입력", "Digit input"),
    "flow.kind.condition": ("조건 분기", "Condition"),
    "flow.kind.transfer": ("상담원 연결", "Transfer"),
    "flow.kind.end": ("종료", "End"),
    # exits (edge labels other than keys)
    "flow.exit.next": ("다음", "Next"),
    "flow.exit.timeout": ("시간 초과", "Timeout"),
    "flow.exit.invalid": ("잘못된 입력", "Invalid"),
    "flow.exit.limit": ("재시도 초과", "Retry limit"),
    "flow.exit.true": ("예", "Yes"),
    "flow.exit.false": ("아니요", "No"),
    "flow.exit.key": ("번호 키", "a key"),
    # the call simulation (core.flow.simulation)
    "flow.sim.no_start": (
        "시작 노드가 없어 통화를 시작할 수 없습니다.",
        "The call cannot begin: the flow has no start node.",
    ),
    "flow.sim.stuck": (
        "{node}에 '{exit}' 출구가 없어 통화가 더 진행되지 않았습니다.",
        "The call stopped at {node}: it has no '{exit}' exit.",
    ),
    "flow.sim.loop": (
        "고객 입력 없이 {steps}단계를 넘게 돌아 {node}에서 통화를 멈췄습니다.",
        "The call ran {steps} steps without the caller and was stopped at {node}.",
    ),
}
