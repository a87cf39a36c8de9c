from tests.factories import record


def test_post_and_list(client, officer):
    body = record()
    response = client.post("/api/v1/records", json=body, headers=officer.headers)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["town_name"] == "三角镇"
    assert created["numerator"] == 110.2 and created["denominator"] == 120.5
    listed = client.get("/api/v1/records", headers=officer.headers).get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == created["id"]
